import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { EndedNotice } from '@/components/EndedNotice';
import { NowPlaying } from '@/components/NowPlaying';
import { RoomList } from '@/components/RoomList';
import { askBackground, onSessionChanged } from '@/utils/background-client';
import { type MessageKey, t } from '@/utils/i18n';
import { IDLE_SESSION, type RoomSummary, type SessionState } from '@/utils/session-state';

const ROOMS_REFRESH_MS = 15_000;

const ACTION_ERRORS: Record<string, MessageKey> = {
  microphone_blocked: 'micBlockedError',
  not_allowed_to_speak: 'notAllowedToSpeak',
};

function describeActionError(code: string): string {
  const key = ACTION_ERRORS[code];
  return key ? t(key) : code;
}

export function App() {
  const session = useSignal<SessionState>(IDLE_SESSION);
  const rooms = useSignal<RoomSummary[] | null>(null);
  const roomsError = useSignal<string | null>(null);
  const endedDismissed = useSignal(false);
  const actionError = useSignal<string | null>(null);

  async function loadRooms() {
    try {
      rooms.value = await askBackground({ target: 'background', type: 'rooms:list' });
      roomsError.value = null;
    } catch (error) {
      roomsError.value = error instanceof Error ? error.message : String(error);
    }
  }

  useEffect(() => {
    const unsubscribe = onSessionChanged((state) => {
      // Counts in the list change when we join or leave: refresh it then.
      if (
        state.status !== session.value.status &&
        (state.status === 'connected' || state.status === 'idle')
      ) {
        void loadRooms();
      }
      session.value = state;
      endedDismissed.value = false;
    });
    askBackground({ target: 'background', type: 'session:get' })
      .then((state) => {
        session.value = state;
      })
      .catch(() => undefined);
    void loadRooms();
    const timer = setInterval(loadRooms, ROOMS_REFRESH_MS);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, []);

  const join = (room: RoomSummary) => {
    // Show the room at once; the background's state events take over from here.
    session.value = {
      ...IDLE_SESSION,
      status: 'joining',
      roomId: room.id,
      room: { id: room.id, title: room.title, hostName: room.hostName },
    };
    askBackground({ target: 'background', type: 'room:join', roomId: room.id })
      .then((state) => {
        session.value = state;
      })
      .catch((error: Error) => {
        session.value = { ...session.value, status: 'error', error: error.message };
      });
  };
  const toggleMicrophone = () => {
    const enabled = !session.value.local?.micEnabled;
    actionError.value = null;
    askBackground({ target: 'background', type: 'room:microphone', enabled })
      .then((state) => {
        session.value = state;
      })
      .catch((error: Error) => {
        actionError.value = describeActionError(error.message);
      });
  };
  const leave = () => {
    actionError.value = null;
    askBackground({ target: 'background', type: 'room:leave' })
      .then((state) => {
        session.value = state;
      })
      .catch(() => undefined);
  };

  const current = session.value;
  const ended = current.status === 'idle' && current.endedReason && !endedDismissed.value;
  return (
    <main class="popup">
      <header class="brand">
        <span class="logo" aria-hidden="true" />
        <h1>{t('extName')}</h1>
      </header>
      {ended && <EndedNotice reason={current.endedReason!} onDismiss={() => (endedDismissed.value = true)} />}
      <NowPlaying
        session={current}
        onLeave={leave}
        onToggleMicrophone={toggleMicrophone}
        actionError={actionError.value}
      />
      <section class="live" aria-labelledby="live-rooms">
        <h2 id="live-rooms" class="section-label">
          {t('liveRooms')}
        </h2>
        {roomsError.value ? (
          <div class="error" role="alert">
            <p>{t('serviceUnreachable')}</p>
            <p class="muted small">{roomsError.value}</p>
            <button type="button" onClick={loadRooms}>
              {t('retry')}
            </button>
          </div>
        ) : rooms.value === null ? (
          <p class="muted">{t('loading')}</p>
        ) : (
          <RoomList
            rooms={rooms.value}
            currentRoomId={current.status === 'idle' ? null : current.roomId}
            onJoin={join}
          />
        )}
      </section>
    </main>
  );
}
