/**
 * The share page's script. The page (server/share-page.ts) carries the room as JSON in `#player[data-room]`
 * and already shows it without script; this takes over that element.
 */
import { effect } from '@preact/signals';
import { LogLevel, setLogLevel } from 'livekit-client';
import { render } from 'preact';
import type { RoomSummary } from '../../../wire/room-summary.ts';
import { Player } from './components/player.tsx';
import { pickLang, strings } from './i18n.ts';
import { createListening } from './listening.ts';
import { createRoomState } from './room-state.ts';
import './player.css';

// livekit-client logs every connection step at info level; a visitor's console needs only problems.
setLogLevel(LogLevel.warn);

const root = document.getElementById('player');
const data = root?.dataset.room;
if (root && data) {
  const initial = JSON.parse(data) as RoomSummary;
  const lang = pickLang(navigator.languages?.length ? navigator.languages : [navigator.language]);
  document.documentElement.lang = lang;
  const roomState = createRoomState(initial);
  const listening = createListening(initial.id);
  roomState.pauseWhile(() => {
    const status = listening.status.value;
    return status === 'listening' || status === 'reconnecting' || status === 'connecting';
  });
  effect(() => {
    if (listening.status.value === 'ended') roomState.markEnded();
  });
  root.replaceChildren();
  render(<Player roomState={roomState} listening={listening} t={strings[lang]} lang={lang} />, root);
}
