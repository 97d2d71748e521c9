/** A small "Live" marker next to a post's author who hosts a live room now; a click joins it. */
import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { element, setAttr, setText } from './dom-view';

export interface LiveChipView {
  readonly node: HTMLElement;
  /** `live`: whether the host is still live as far as the feed knows (the chip hides when not). */
  update(state: { room: RoomSummary; here: boolean; live: boolean }): void;
  /** A click on the chip (the feed listens once for every chip, and keeps the click from following a link). */
  activate(target: Element): void;
}

export function createLiveChip(onJoin: (room: RoomSummary) => void): LiveChipView {
  const dot = element('span', 'es-dot');
  dot.setAttribute('aria-hidden', 'true');
  const label = document.createTextNode('');
  const chip = element('button', 'es-chip', dot, label);
  chip.setAttribute('type', 'button');
  let room: RoomSummary | undefined;
  return {
    node: chip,
    activate() {
      if (room) onJoin(room);
    },
    update(next) {
      room = next.room;
      setAttr(chip, 'data-room-id', room.id);
      setAttr(chip, 'aria-pressed', String(next.here));
      setAttr(chip, 'aria-label', t('feedLiveChipAria', room.title));
      setAttr(chip, 'title', room.title);
      setText(label, next.here ? t('listeningHere') : t('feedLive'));
      chip.hidden = !next.live && !next.here;
    },
  };
}
