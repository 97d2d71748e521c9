/**
 * A live update as the bytes of one Server-Sent Events message, made once per update: every connection
 * told about the same event gets the same object (live-updates.ts), so with 1,000 followers connected
 * the JSON, the framing and the UTF-8 encoding are done once instead of 1,000 times.
 */
import type { LiveUpdate } from './live-updates.ts';

const frames = new WeakMap<LiveUpdate, Uint8Array>();
const encoder = new TextEncoder();

/** `event: <type>\ndata: {"room":…}\n\n`, encoded. JSON.stringify leaves no raw line breaks in `data`. */
export function sseFrame(update: LiveUpdate): Uint8Array {
  let frame = frames.get(update);
  if (!frame) {
    frame = encoder.encode(`event: ${update.type}\ndata: ${JSON.stringify({ room: update.room })}\n\n`);
    frames.set(update, frame);
  }
  return frame;
}
