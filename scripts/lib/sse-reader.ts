/** Reads a Server-Sent Events stream with fetch (so it can send an Authorization header). */

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseConnection {
  /** Events so far (comments excluded). */
  events: SseEvent[];
  /** Comment lines so far (heartbeats). */
  comments: number;
  /** Resolves when the stream ends (the server went away or closed it, or `close()`). */
  ended: Promise<void>;
  /** Resolves with the first event (received from now or already) matching `predicate`. */
  next(predicate: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, token: string): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) {
    abort.abort();
    throw new Error(`SSE ${url} answered ${response.status}`);
  }
  const events: SseEvent[] = [];
  const waiters = new Set<(event: SseEvent) => void>();
  let markEnded = () => {};
  const connection: SseConnection = {
    events,
    comments: 0,
    ended: new Promise<void>((resolve) => {
      markEnded = resolve;
    }),
    next(predicate, timeoutMs = 10_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching SSE event within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (event: SseEvent) => {
          if (!predicate(event)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(event);
        };
        waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };

  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          let event = 'message';
          const data: string[] = [];
          let isComment = true;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            isComment = false;
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (isComment) {
            connection.comments++;
            continue;
          }
          const parsed = { event, data: data.join('\n') };
          events.push(parsed);
          for (const waiter of [...waiters]) waiter(parsed);
        }
      }
    } catch {
      // closed
    }
    markEnded();
  })();
  return connection;
}
