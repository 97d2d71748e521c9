/** A small "Live" marker next to a post's author who hosts a live room now; a click joins it. */
import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { changed, element, viewRoot, type Written, writeAttr } from './dom-view';

export interface LiveChipView {
  /** div.es-root, the chip's root in its shadow root (see shadow-ui.tsx). */
  readonly root: HTMLElement;
  /** The chip: button.es-chip. */
  readonly node: HTMLElement;
  /** `live`: whether the host is still live as far as the feed knows (the chip hides when not). */
  update(state: { room: RoomSummary; here: boolean; live: boolean }): void;
  /** A click on the chip (the feed listens once for every chip, and keeps the click from following a link). */
  activate(target: Element): void;
}

let template: HTMLElement | undefined;
/**
 * div.es-root > button > dot, label, made once per page as a chip not pressed that says "Live" (what chips show
 * but in the room the user is in), cloned per chip: one call instead of one per element and attribute.
 */
function chipTemplate(): HTMLElement {
  if (!template) {
    const dot = element('span', 'es-dot');
    dot.setAttribute('aria-hidden', 'true');
    const chip = element('button', 'es-chip', dot, document.createTextNode(t('feedLive')));
    chip.setAttribute('type', 'button');
    chip.setAttribute('aria-pressed', 'false');
    template = viewRoot(chip);
  }
  return template.cloneNode(true) as HTMLElement;
}

export function createLiveChip(onJoin: (room: RoomSummary) => void): LiveChipView {
  const root = chipTemplate();
  const chip = root.firstElementChild as HTMLElement;
  let room: RoomSummary | undefined;
  // What the template shows already.
  const written: Written = { hidden: false, 'aria-pressed': 'false', label: t('feedLive') };
  return {
    root,
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
      if (changed(written, 'label', text)) (chip.lastChild as Text).data = text;
      const hidden = !next.live && !next.here;
      if (changed(written, 'hidden', hidden)) chip.hidden = hidden;
    },
  };
}
