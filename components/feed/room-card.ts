/** A room linked from a post: title, host, live/scheduled/ended, listeners, and Join while it is live. */
import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { hueOf, initials } from './Avatar';
import { element, setAttr, setText } from './dom-view';

export interface RoomCardState {
  room: RoomSummary;
  /** The user is in (or joining) this room. */
  here: boolean;
}

export interface RoomCardView {
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

let template: HTMLElement | undefined;
/** section > avatar, text (title, meta), badge, then Join or "listening here" while live. */
function cardTemplate(): HTMLElement {
  template ??= element(
    'section',
    'es-card',
    element('span', 'es-avatar es-avatar-md'),
    element('div', 'es-card-text', element('span', 'es-card-title'), element('span', 'es-card-meta')),
    element('span', 'es-badge'),
  );
  return template.cloneNode(true) as HTMLElement;
}

export function createRoomCard(onJoin: (room: RoomSummary) => void): RoomCardView {
  const card = cardTemplate();
  const [avatar, text, badge] = card.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
  const [title, details] = text.children as unknown as [HTMLElement, HTMLElement];
  const join = element('button', 'es-join');
  join.setAttribute('type', 'button');
  const here = element('span', 'es-here');
  let room: RoomSummary | undefined;
  let action: HTMLElement | null = null;
  setAttr(avatar, 'aria-hidden', 'true');
  setAttr(card, 'aria-label', t('feedRoomCard'));

  return {
    node: card,
    activate(target) {
      if (room && join.contains(target)) onJoin(room);
    },
    update(next) {
      room = next.room;
      const state = stateOf(room);
      setAttr(card, 'data-room-id', room.id);
      setAttr(card, 'data-state', state);
      setText(avatar, initials(room.hostName));
      setAttr(avatar, 'data-speaking', next.here ? 'true' : null);
      avatar.style.setProperty('--es-hue', String(hueOf(room.hostName)));
      setText(title, room.title);
      setText(details, meta(room, state));
      setAttr(badge, 'class', `es-badge es-badge-${state}`);
      setText(
        badge,
        state === 'live' ? t('statusConnected') : state === 'scheduled' ? t('feedScheduled') : t('feedEnded'),
      );
      setAttr(join, 'aria-label', t('joinRoomAria', room.title));
      setText(join, t('join'));
      setText(here, t('listeningHere'));
      const wanted = state === 'live' ? (next.here ? here : join) : null;
      if (wanted !== action) {
        action?.remove();
        if (wanted) card.append(wanted);
        action = wanted;
      }
    },
  };
}
