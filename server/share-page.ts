/**
 * The public page behind a share link `/r/<id>`: the room's title, host and state (readable without script),
 * link-preview tags (Open Graph, twitter:card), and the web player (`web/player/`) that lets anyone listen.
 * Everything a visitor controls is escaped; the page runs no inline script or style.
 */
import { type Lang, pickLang, type Strings, strings } from '../web/player/src/i18n.ts';
import type { RoomSummary } from '../wire/room-summary.ts';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Where the player's files are, with a content version for cache busting (absent when not built). */
export interface PlayerAssets {
  script?: string;
  style?: string;
  previewImage?: string;
}

/**
 * Scripts and styles from this origin only; the player may reach the service and LiveKit. No inline code,
 * no frames, no forms, no base override.
 */
export function sharePageCsp(livekitUrl: string): string {
  const livekit = new URL(livekitUrl);
  const http = `${livekit.protocol === 'wss:' || livekit.protocol === 'https:' ? 'https' : 'http'}://${livekit.host}`;
  const ws = http.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    // livekit-client signals over WebSocket and, when that fails, asks LiveKit over HTTP why.
    `connect-src 'self' ${ws} ${http}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The page's language: the first of Accept-Language's English or French tags, by weight. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  const tags = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return pickLang(tags.map((entry) => entry.tag));
}

const utcWhen = (iso: string, lang: Lang) =>
  `${new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso))} UTC`;

function stateLabel(room: RoomSummary, t: Strings, lang: Lang): string {
  if (room.state === 'live') return t.live;
  if (room.state === 'ended') return t.ended;
  return room.scheduledFor ? t.scheduledFor(utcWhen(room.scheduledFor, lang)) : t.startingSoon;
}

/** The service's base URL as the share link names it, for absolute links in preview tags. */
const baseUrlOf = (room: RoomSummary) => room.shareUrl.replace(/\/r\/[^/]*$/, '');

function previewTags(room: RoomSummary, description: string, assets: PlayerAssets, t: Strings, lang: Lang) {
  const image = assets.previewImage ? `${baseUrlOf(room)}${assets.previewImage}` : undefined;
  const meta = (key: 'property' | 'name', name: string, content: string) =>
    `<meta ${key}="${name}" content="${escapeHtml(content)}">`;
  return [
    meta('name', 'description', description),
    `<link rel="canonical" href="${escapeHtml(room.shareUrl)}">`,
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', 'Earshot'),
    meta('property', 'og:locale', lang === 'fr' ? 'fr_FR' : 'en_US'),
    meta('property', 'og:url', room.shareUrl),
    meta('property', 'og:title', room.title),
    meta('property', 'og:description', description),
    ...(image
      ? [
          meta('property', 'og:image', image),
          meta('property', 'og:image:type', 'image/png'),
          meta('property', 'og:image:width', '1200'),
          meta('property', 'og:image:height', '630'),
          meta('property', 'og:image:alt', t.previewAlt),
        ]
      : []),
    meta('name', 'twitter:card', image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', room.title),
    meta('name', 'twitter:description', description),
    ...(image ? [meta('name', 'twitter:image', image), meta('name', 'twitter:image:alt', t.previewAlt)] : []),
  ].join('\n');
}

function page(lang: Lang, title: string, head: string, body: string, assets: PlayerAssets): string {
  const style = assets.style ? `<link rel="stylesheet" href="${escapeHtml(assets.style)}">` : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
${head}
${style}
</head>
<body><div class="page"><p class="brand"><span class="brand-mark" aria-hidden="true"></span>Earshot</p>
${body}
</div></body></html>
`;
}

export function renderSharePage(room: RoomSummary, options: { lang: Lang; assets: PlayerAssets }): string {
  const { lang, assets } = options;
  const t = strings[lang];
  const state = stateLabel(room, t, lang);
  const summary = [state, t.hostedBy(room.hostName, room.hostUsername)];
  if (room.state === 'live') summary.push(t.listeners(room.listenerCount));
  const description = [summary.join(' · '), room.description].filter(Boolean).join('\n');
  const stateClass = room.state === 'scheduled' ? '' : ` ${room.state}`;
  const player = assets.script ? `<script type="module" src="${escapeHtml(assets.script)}"></script>` : '';
  return page(
    lang,
    `${room.title} · Earshot`,
    `${previewTags(room, description, assets, t, lang)}\n${player}`,
    `<main id="player" data-room="${escapeHtml(JSON.stringify(room))}">
<p class="state${stateClass}">${escapeHtml(state)}</p>
<h1 class="title">${escapeHtml(room.title)}</h1>
<p class="host">${escapeHtml(t.hostedBy(room.hostName, room.hostUsername))}</p>
${room.description ? `<p class="description">${escapeHtml(room.description)}</p>` : ''}
<p class="hint">${escapeHtml(t.getExtension)}</p>
</main>`,
    assets,
  );
}

export function renderMissingRoomPage(options: { lang: Lang; assets: PlayerAssets }): string {
  const t = strings[options.lang];
  return page(
    options.lang,
    `${t.notFoundTitle} · Earshot`,
    '<meta name="robots" content="noindex">',
    `<main id="missing"><h1>${escapeHtml(t.notFoundTitle)}</h1><p>${escapeHtml(t.notFound)}</p></main>`,
    options.assets,
  );
}
