/** A room linked from a post: title, host, live/scheduled/ended, listeners, and Join while it is live. */
import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { hueOf, initials } from './Avatar';
import { changed, element, viewRoot, type Written, writeAttr } from './dom-view';

export interface RoomCardState {
  room: RoomSummary;
  /** The user is in (or joining) this room. */
  here: boolean;
}

export interface RoomCardView {
  /** div.es-root, the card's root in its shadow root (see shadow-ui.tsx). */
  readonly root: HTMLElement;
  /** The card: section.es-card. */
  readonly node: HTMLElement;
  update(state: RoomCardState): void;
  /** A click inside the card, on `target` (the feed listens once for every card: shadow-ui.tsx). */
  activate(target: Element): void;
}

function stateOf(room: RoomSummary): 'live' | 'scheduled' | 'ended' {
  return room.state ?? (room.startedAt ? 'live' : 'scheduled');
}

function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
}

/** One text: who hosts it, and how many listen now or when it starts. */
function meta(room: RoomSummary, state: ReturnType<typeof stateOf>): string {
  const host = t('hostedBy', room.hostName);
  if (state === 'live') return `${host} · ${t('listenerCount', room.listenerCount)}`;
  if (state === 'scheduled' && room.scheduledFor) return `${host} · ${when(room.scheduledFor)}`;
  return host;
}

const BADGES = {
  live: 'statusConnected',
  scheduled: 'feedScheduled',
  ended: 'feedEnded',
} as const;

/**
 * The parts every card shares, made once per page with their fixed texts and attributes, then cloned: a card
 * costs one clone, not a call per element and attribute. The card is made as a live room's (badge, Join), what
 * most cards show: such a card writes only its room's own texts (each DOM call from a content script costs).
 */
interface CardTemplates {
  /** div.es-root > section[data-state=live] > avatar, text (title, meta), live badge, Join. */
  root: HTMLElement;
  /** "Listening here", while the user is in it. */
  here: HTMLElement;
}

let templates: CardTemplates | undefined;
function cardTemplates(): CardTemplates {
  if (templates) return templates;
  const avatar = element('span', 'es-avatar es-avatar-md');
  avatar.setAttribute('aria-hidden', 'true');
  const join = element('button', 'es-join', document.createTextNode(t('join')));
  join.setAttribute('type', 'button');
  const card = element(
    'section',
    'es-card',
    avatar,
    element('div', 'es-card-text', element('span', 'es-card-title'), element('span', 'es-card-meta')),
    element('span', 'es-badge es-badge-live', document.createTextNode(t(BADGES.live))),
    join,
  );
  card.setAttribute('aria-label', t('feedRoomCard'));
  card.setAttribute('data-state', 'live');
  const here = element('span', 'es-here', document.createTextNode(t('listeningHere')));
  templates = { root: viewRoot(card), here };
  return templates;
}

export function createRoomCard(onJoin: (room: RoomSummary) => void): RoomCardView {
  const shared = cardTemplates();
  const root = shared.root.cloneNode(true) as HTMLElement;
  const card = root.firstElementChild as HTMLElement;
  const avatar = card.firstElementChild as HTMLElement;
  const text = avatar.nextElementSibling as HTMLElement;
  const badge = text.nextElementSibling as HTMLElement;
  const title = text.firstElementChild as HTMLElement;
  const details = title.nextElementSibling as HTMLElement;
  const join = badge.nextElementSibling as HTMLElement;
  let here: HTMLElement | null = null;
  let room: RoomSummary | undefined;
  let action: HTMLElement | null = join;
  // What the template shows already.
  const written: Written = { 'data-state': 'live', badge: 'live' };

  return {
    root,
    node: card,
    activate(target) {
      if (room && action === join && join.contains(target)) onJoin(room);
    },
    update(next) {
      room = next.room;
      const state = stateOf(room);
      writeAttr(written, card, 'data-room-id', room.id);
      writeAttr(written, card, 'data-state', state);
      writeAttr(written, avatar, 'data-speaking', next.here ? 'true' : null);
      if (changed(written, 'host', room.hostName)) {
        avatar.textContent = initials(room.hostName);
        avatar.style.setProperty('--es-hue', String(hueOf(room.hostName)));
      }
      if (changed(written, 'title', room.title)) title.textContent = room.title;
      const about = meta(room, state);
      if (changed(written, 'meta', about)) details.textContent = about;
      if (changed(written, 'badge', state)) {
        badge.className = `es-badge es-badge-${state}`;
        badge.textContent = t(BADGES[state]);
      }
      let wanted: HTMLElement | null = null;
      if (state === 'live' && next.here) wanted = here ??= shared.here.cloneNode(true) as HTMLElement;
      else if (state === 'live') wanted = join;
      if (changed(written, 'joinLabel', room.title)) {
        join.setAttribute('aria-label', t('joinRoomAria', room.title));
      }
      if (wanted !== action) {
        action?.remove();
        if (wanted) card.append(wanted);
        action = wanted;
      }
    },
  };
}
