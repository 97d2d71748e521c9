/** The Listen button (one click starts sound), the connection line, Leave, and "tap to play" when blocked. */
import type { Strings } from '../i18n.ts';
import type { Listening } from '../listening.ts';

const statusText = (status: Listening['status']['value'], t: Strings) =>
  ({
    idle: '',
    connecting: t.connecting,
    listening: t.listening,
    reconnecting: t.reconnecting,
    ended: t.ended,
    removed: t.removed,
    failed: t.failed,
  })[status];

export function ListenControls({ listening, t }: { listening: Listening; t: Strings }) {
  const status = listening.status.value;
  const connected = status === 'listening' || status === 'reconnecting';
  const canListen = status === 'idle' || status === 'failed';
  return (
    <section class="controls" data-status={status}>
      {canListen ? (
        <button type="button" class="listen" onClick={() => void listening.listen()}>
          <span aria-hidden="true">▶ </span>
          {t.listen}
        </button>
      ) : null}
      {connected ? (
        <button type="button" class="leave" onClick={() => void listening.leave()}>
          {t.leave}
        </button>
      ) : null}
      {listening.needsTap.value && connected ? (
        <button type="button" class="tap" onClick={() => void listening.tapToPlay()}>
          {t.tapToPlay}
        </button>
      ) : null}
      <p class="status" role="status">
        {status === 'listening' ? <span class="dot" aria-hidden="true" /> : null}
        {statusText(status, t)}
      </p>
    </section>
  );
}
