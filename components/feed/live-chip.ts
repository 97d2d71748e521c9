/** A small "Live" marker next to a post's author who hosts a live room now; a click joins it. */
import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { changed, element, type Written, writeAttr } from './dom-view';

export interface LiveChipView {
  readonly node: HTMLElement;
  /** `live`: whether the host is still live as far as the feed knows (the chip hides when not). */
  update(state: { room: RoomSummary; here: boolean; live: boolean }): void;
  /** A click on the chip (the feed listens once for every chip, and keeps the click from following a link). */
  activate(target: Element): void;
}

let template: HTMLElement | undefined;
/** button > dot, label: made once per page, cloned per chip (one call instead of one per element and attribute). */
function chipTemplate(): HTMLElement {
  if (!template) {
    const dot = element('span', 'es-dot');
    dot.setAttribute('aria-hidden', 'true');
    template = element('button', 'es-chip', dot, document.createTextNode(''));
    template.setAttribute('type', 'button');
  }
  return template.cloneNode(true) as HTMLElement;
}

export function createLiveChip(onJoin: (room: RoomSummary) => void): LiveChipView {
  const chip = chipTemplate();
  const label = chip.lastChild as Text;
  let room: RoomSummary | undefined;
  const written: Written = { hidden: false };
  return {
    node: chip,
    activate() {
      if (room) onJoin(room);
    },
    update(next) {
      room = next.room;
      writeAttr(written, chip, 'data-room-id', room.id);
      writeAttr(written, chip, 'aria-pressed', String(next.here));
      if (changed(written, 'title', room.title)) {
        chip.setAttribute('aria-label', t('feedLiveChipAria', room.title));
        chip.setAttribute('title', room.title);
      }
      const text = next.here ? t('listeningHere') : t('feedLive');
      if (changed(written, 'label', text)) label.data = text;
      const hidden = !next.live && !next.here;
      if (changed(written, 'hidden', hidden)) chip.hidden = hidden;
    },
  };
}
