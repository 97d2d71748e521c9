/** The public page behind a share link `/r/<id>`: the room's title, host and state, nothing to run. */
import { createHash } from 'node:crypto';
import type { RoomSummary } from '../wire/room-summary.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}
.state{display:inline-block;padding:.1rem .5rem;border-radius:1rem;background:#eee;font-size:.85rem}
.live{background:#d33;color:#fff}`;

/** Nothing but that one inline style may load or run. */
export const SHARE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const stateLabel = (room: RoomSummary) =>
  room.state === 'live'
    ? 'Live now'
    : room.state === 'scheduled'
      ? `Scheduled${room.scheduledFor ? ` for ${room.scheduledFor.replace('T', ' ').slice(0, 16)} UTC` : ''}`
      : 'Ended';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title}</title><style>${style}</style></head>
<body>${body}</body></html>
`;
}

export function renderSharePage(room: RoomSummary): string {
  const description = room.description ? `<p>${escapeHtml(room.description)}</p>` : '';
  return page(
    `${escapeHtml(room.title)} · Earshot`,
    `<p class="state${room.state === 'live' ? ' live' : ''}">${escapeHtml(stateLabel(room))}</p>
<h1>${escapeHtml(room.title)}</h1>
<p>Hosted by ${escapeHtml(room.hostName)} (@${escapeHtml(room.hostUsername)})</p>
${description}<p>Open Earshot in your browser to listen.</p>`,
  );
}

export const renderMissingRoomPage = () =>
  page(
    'Room not found · Earshot',
    '<h1>Room not found</h1><p>This link does not lead to an Earshot room.</p>',
  );
