/** The whole share page once the script runs: the room, and everything a guest listener sees. */
import type { Lang, Strings } from '../i18n.ts';
import type { Listening } from '../listening.ts';
import type { RoomState } from '../room-state.ts';
import { ListenControls } from './listen-controls.tsx';
import { Reactions } from './reactions.tsx';
import { RoomHeader, StateLine } from './room-header.tsx';
import { Speakers } from './speakers.tsx';

interface PlayerProps {
  roomState: RoomState;
  listening: Listening;
  t: Strings;
  lang: Lang;
}

export function Player({ roomState, listening, t, lang }: PlayerProps) {
  const room = roomState.room.value;
  const status = listening.status.value;
  if (roomState.missing.value) return <p class="state ended">{t.missing}</p>;
  const connected = status === 'listening' || status === 'reconnecting';
  const listeners = connected ? listening.listenerCount.value : room.listenerCount;
  return (
    <>
      <StateLine room={room} now={roomState.clock.value} t={t} lang={lang} />
      <RoomHeader room={room} t={t} />
      {/* Once ended, the state line above says so; no controls are left to show. */}
      {room.state === 'live' && status !== 'ended' ? <ListenControls listening={listening} t={t} /> : null}
      {room.state === 'live' && listeners !== null ? (
        <p class="listeners" data-count={listeners}>
          {t.listeners(listeners)}
        </p>
      ) : null}
      {connected ? <Speakers speakers={listening.speakers.value} t={t} /> : null}
      {connected ? <Reactions reactions={listening.reactions.value} t={t} /> : null}
      <p class="hint">{t.getExtension}</p>
    </>
  );
}
