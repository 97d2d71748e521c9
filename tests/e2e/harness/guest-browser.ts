/**
 * A plain Chromium (no extension) for the share page's web player, driven by playwright-core, with a probe
 * of what the page receives: RTP bytes and audio level from its peer connections' stats, and the level of
 * what its audio elements are fed (measured with an AnalyserNode).
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, HEADLESS_CHROMIUM_ARGS } from './browser';

export interface GuestAudio {
  /** Inbound RTP audio bytes, summed over open peer connections. */
  bytes: number;
  /** Highest inbound-rtp audioLevel (0..1). */
  rtpLevel: number;
  /** RMS of the samples the page's audio elements get (0..1). */
  meterLevel: number;
  /** Audio elements with a stream that are playing (not paused). */
  playing: number;
}

declare global {
  interface Window {
    __peerConnections?: RTCPeerConnection[];
    __guestAudio?: () => Promise<GuestAudio>;
  }
}

/** Runs in the page before its scripts: keeps every RTCPeerConnection it makes, and measures audio. */
function installProbe(): void {
  const Original = window.RTCPeerConnection;
  const connections: RTCPeerConnection[] = [];
  window.__peerConnections = connections;
  window.RTCPeerConnection = class extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      connections.push(this);
    }
  } as typeof RTCPeerConnection;
  let context: AudioContext | undefined;
  const meters = new Map<MediaStream, AnalyserNode>();
  window.__guestAudio = async () => {
    let bytes = 0;
    let rtpLevel = 0;
    for (const pc of connections) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') {
          bytes += report.bytesReceived ?? 0;
          rtpLevel = Math.max(rtpLevel, report.audioLevel ?? 0);
        }
      });
    }
    const elements = [...document.querySelectorAll('audio')].filter(
      (a) => a.srcObject instanceof MediaStream,
    );
    context ??= new AudioContext();
    let meterLevel = 0;
    for (const element of elements) {
      const stream = element.srcObject as MediaStream;
      let analyser = meters.get(stream);
      if (!analyser) {
        analyser = context.createAnalyser();
        context.createMediaStreamSource(stream).connect(analyser);
        meters.set(stream, analyser);
      }
      const samples = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(samples);
      meterLevel = Math.max(
        meterLevel,
        Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length),
      );
    }
    return { bytes, rtpLevel, meterLevel, playing: elements.filter((a) => !a.paused).length };
  };
}

export async function launchGuestChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Real audio output, as a visitor's browser; and no autoplay exemption: Listen is the gesture.
    ignoreDefaultArgs: ['--mute-audio'],
    args: HEADLESS_CHROMIUM_ARGS,
  });
}

export async function guestContext(
  browser: Browser,
  options: { locale: string; width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: options.locale,
    viewport: { width: options.width, height: options.height },
    // The page is cached up to 30 s by design; tests want it fresh.
    extraHTTPHeaders: { 'cache-control': 'no-cache' },
  });
  // tsx and esbuild may name functions through a __name helper that the page does not have.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await context.addInitScript(installProbe);
  return context;
}

export const guestAudio = (page: Page) => page.evaluate(() => window.__guestAudio!());

/** Polls until audio is arriving: RTP bytes growing between two reads and a decoded level above `minLevel`. */
export async function waitForGuestAudio(
  page: Page,
  { timeoutMs = 20_000, minLevel = 0.005 } = {},
): Promise<{ before: GuestAudio; after: GuestAudio; waitedMs: number }> {
  const start = Date.now();
  let last: GuestAudio | undefined;
  while (Date.now() - start < timeoutMs) {
    const now = await guestAudio(page);
    if (
      last &&
      now.bytes > last.bytes &&
      Math.max(now.rtpLevel, now.meterLevel) > minLevel &&
      now.playing > 0
    ) {
      return { before: last, after: now, waitedMs: Date.now() - start };
    }
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no audio within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}
