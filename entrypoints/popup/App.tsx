import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { AccountPanel } from '@/components/AccountPanel';
import { ConnectionBanner } from '@/components/ConnectionBanner';
import { EndedNotice } from '@/components/EndedNotice';
import { FollowSearch } from '@/components/FollowSearch';
import { type ModerationAction, NowPlaying } from '@/components/NowPlaying';
import { RequestQueue } from '@/components/RequestQueue';
import { RoomList } from '@/components/RoomList';
import { StartRoomForm } from '@/components/StartRoomForm';
import { UpcomingList } from '@/components/UpcomingList';
import type { HandRaise, Profile } from '@/utils/background/rooms-api';
import { askBackground, isUnreachable, onReaction, onSessionChanged } from '@/utils/pages/background-client';
import {
  type Directory,
  IDLE_SESSION,
  joiningSession,
  type Reaction,
  type RoomSummary,
  type SessionState,
} from '@/utils/protocol/session-state';
import { type MessageKey, t } from '@/utils/ui/i18n';
import { type Connection, createRefresher } from '../../utils/pages/connection';

const ROOMS_REFRESH_MS = 15_000;
const REQUESTS_REFRESH_MS = 3_000;
const REACTION_SHOWN_MS = 4_000;

const ACTION_ERRORS: Record<string, MessageKey> = {
  microphone_blocked: 'micBlockedError',
  not_allowed_to_speak: 'notAllowedToSpeak',
};

/** A failed action in the user's words: offline and service-down failures say so, never a raw error. */
function describeActionError(error: unknown): string {
  if (!navigator.onLine) return t('actionOffline');
  if (isUnreachable(error)) return t('actionUnreachable');
  const code = error instanceof Error ? error.message : String(error);
  const key = ACTION_ERRORS[code];
  return key ? t(key) : code;
}

/** identity `u-<accountId>` → accountId, for moderation through the service. */
const accountIdOf = (identity: string) => (identity.startsWith('u-') ? identity.slice(2) : null);

export function App() {
  const session = useSignal<SessionState>(IDLE_SESSION);
  const directory = useSignal<Directory | null>(null);
  const connection = useSignal<Connection>(navigator.onLine ? 'online' : 'offline');
  /** When the directory on screen was loaded. */
  const updatedAt = useSignal<number | null>(null);
  const endedDismissed = useSignal(false);
  const actionError = useSignal<string | null>(null);
  const profile = useSignal<Profile | null>(null);
  /** Whom the user follows; null until loaded (a follow button would otherwise claim "not following"). */
  const following = useSignal<Set<string> | null>(null);
  const requests = useSignal<HandRaise[]>([]);
  const reactions = useSignal<Array<Reaction & { key: number }>>([]);
  const reminders = useSignal<Set<string>>(new Set());

  /** What the popup shows from the service: rooms, and whom the user follows. Rejects when it cannot. */
  async function loadFromService() {
    const [nextDirectory, follows] = await Promise.all([
      askBackground({ target: 'background', type: 'directory:get' }),
      profile.value ? askBackground({ target: 'background', type: 'follows:list' }) : [],
    ]);
    // Nothing on screen is replaced until everything has arrived: what was loaded last stays meanwhile.
    directory.value = nextDirectory;
    following.value = new Set(follows);
    updatedAt.value = Date.now();
  }

  const refresher = useMemo(
    () =>
      createRefresher({
        load: loadFromService,
        everyMs: ROOMS_REFRESH_MS,
        events: window,
        onConnection(next) {
          connection.value = next;
        },
      }),
    [],
  );
  const loadRooms = () => refresher.refresh();

  /** The account and reminders, which the background keeps locally (no service needed). */
  async function loadAccount() {
    profile.value = (await askBackground({ target: 'background', type: 'account:get' })).profile;
    reminders.value = new Set(
      Object.keys(await askBackground({ target: 'background', type: 'reminders:list' })),
    );
  }

  /** The error of a failed action, in the user's words; a service that cannot be reached is retried. */
  function describe(error: unknown): string {
    refresher.failed(error);
    return describeActionError(error);
  }

  /** Runs `run`, rethrowing its failure in the user's words (for forms that show their own errors). */
  const inWords =
    <A extends unknown[], T>(run: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T> => {
      try {
        return await run(...args);
      } catch (error) {
        throw new Error(describe(error));
      }
    };

  /** Runs a room action; its failure is shown in the now-playing card. */
  function act(run: () => Promise<unknown>) {
    actionError.value = null;
    run().catch((error) => {
      actionError.value = describe(error);
    });
  }

  const isModerator = () => session.value.local?.role === 'host' || session.value.local?.role === 'cohost';

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
    const stopReactions = onReaction((reaction) => {
      const key = Date.now() + Math.random();
      reactions.value = [...reactions.value.slice(-9), { ...reaction, key }];
      setTimeout(() => {
        reactions.value = reactions.value.filter((r) => r.key !== key);
      }, REACTION_SHOWN_MS);
    });
    askBackground({ target: 'background', type: 'session:get' })
      .then((state) => {
        session.value = state;
      })
      .catch(() => undefined);
    // The service is asked once the account is known (its follows are part of what is loaded).
    void loadAccount()
      .catch(() => undefined)
      .then(() => refresher.start());
    const requestsTimer = setInterval(() => {
      if (!isModerator() || session.value.status !== 'connected') return;
      askBackground({ target: 'background', type: 'room:requests' })
        .then((list) => {
          requests.value = list;
        })
        .catch(() => undefined);
    }, REQUESTS_REFRESH_MS);
    return () => {
      unsubscribe();
      stopReactions();
      refresher.stop();
      clearInterval(requestsTimer);
    };
  }, []);

  const join = (room: RoomSummary) => {
    // Show the room at once; the background's state events take over from here.
    session.value = joiningSession(room);
    askBackground({ target: 'background', type: 'room:join', roomId: room.id })
      .then((state) => {
        session.value = state;
        // A join that failed for want of the service: find out, so the banner and the error say so.
        if (state.status === 'error') void loadRooms();
      })
      .catch((error: unknown) => {
        session.value = { ...session.value, status: 'error', error: describe(error) };
      });
  };
  const leave = () =>
    act(async () => {
      session.value = await askBackground({ target: 'background', type: 'room:leave' });
    });
  const toggleMicrophone = () =>
    act(async () => {
      const enabled = !session.value.local?.micEnabled;
      session.value = await askBackground({ target: 'background', type: 'room:microphone', enabled });
    });
  const moderate = (action: ModerationAction, identity: string) =>
    act(async () => {
      const accountId = accountIdOf(identity);
      if (!accountId) return;
      if (action === 'mute')
        await askBackground({ target: 'background', type: 'room:mute-speaker', accountId });
      if (action === 'remove') await askBackground({ target: 'background', type: 'room:remove', accountId });
      if (action === 'move-to-listeners') {
        await askBackground({ target: 'background', type: 'room:stage', accountId, onStage: false });
      }
    });
  const invite = (accountId: string) =>
    act(async () => {
      await askBackground({ target: 'background', type: 'room:stage', accountId, onStage: true });
      requests.value = requests.value.filter((r) => r.accountId !== accountId);
    });
  /** Follows or unfollows; a failure (e.g. offline) rejects in the user's words, and nothing changes. */
  const follow = inWords(async (username: string, follow: boolean) => {
    await askBackground({ target: 'background', type: 'follow:set', username, following: follow });
    const next = new Set(following.value ?? []);
    if (follow) next.add(username);
    else next.delete(username);
    following.value = next;
    await loadRooms();
  });

  const shown = session.value;
  // A join that failed because the service cannot be reached says so in the user's words.
  const current =
    shown.status === 'error' && connection.value !== 'online'
      ? { ...shown, error: connection.value === 'offline' ? t('actionOffline') : t('actionUnreachable') }
      : shown;
  const ended = current.status === 'idle' && current.endedReason && !endedDismissed.value;
  const signedIn = profile.value !== null;
  const live = directory.value?.live ?? null;
  return (
    <main class="popup" data-connection={connection.value}>
      <header class="brand">
        <span class="logo" aria-hidden="true" />
        <h1>{t('extName')}</h1>
      </header>
      <ConnectionBanner
        connection={connection.value}
        updatedAt={updatedAt.value}
        inRoom={current.status === 'connected' || current.status === 'reconnecting'}
        onRetry={loadRooms}
      />
      <AccountPanel
        profile={profile.value}
        onSignIn={inWords(async (input) => {
          await askBackground({ target: 'background', type: 'account:sign-in', ...input });
          await loadAccount();
          await loadRooms();
        })}
        onSignUp={inWords(async (input) => {
          await askBackground({ target: 'background', type: 'account:sign-up', ...input });
          await loadAccount();
          await loadRooms();
        })}
        onSignOut={() =>
          act(async () => {
            await askBackground({ target: 'background', type: 'account:sign-out' });
            await loadAccount();
            await loadRooms();
          })
        }
      />
      {ended && <EndedNotice reason={current.endedReason!} onDismiss={() => (endedDismissed.value = true)} />}
      <NowPlaying
        session={current}
        actionError={actionError.value}
        reactions={reactions.value}
        onLeave={leave}
        onToggleMicrophone={toggleMicrophone}
        onRaiseHand={
          signedIn
            ? (raised) =>
                act(async () => {
                  session.value = await askBackground({ target: 'background', type: 'room:hand', raised });
                })
            : undefined
        }
        onReact={
          signedIn
            ? (emoji) => act(() => askBackground({ target: 'background', type: 'room:react', emoji }))
            : undefined
        }
        onModerate={moderate}
        onEnd={() =>
          act(async () => {
            session.value = await askBackground({ target: 'background', type: 'room:end' });
          })
        }
        onCopyLink={() => act(() => navigator.clipboard.writeText(current.room?.shareUrl ?? ''))}
        followingHost={following.value?.has(current.room?.hostUsername ?? '') ?? false}
        onFollowHost={
          signedIn && following.value
            ? (on) => {
                actionError.value = null;
                follow(current.room?.hostUsername ?? '', on).catch((error: Error) => {
                  actionError.value = error.message;
                });
              }
            : undefined
        }
      >
        {isModerator() && <RequestQueue requests={requests.value} onInvite={invite} />}
      </NowPlaying>
      {signedIn && current.status === 'idle' && (
        <StartRoomForm
          autoOpen={location.hash === '#start'}
          onStart={inWords(async (input) => {
            const created = await askBackground({ target: 'background', type: 'room:create', ...input });
            session.value = created.session;
            await loadRooms();
          })}
        />
      )}
      <section class="live" aria-labelledby="live-rooms">
        <h2 id="live-rooms" class="section-label">
          {signedIn ? t('liveFromFollowed') : t('liveRooms')}
        </h2>
        {live === null ? (
          <p class="muted">{connection.value === 'online' ? t('loading') : t('roomsNotLoaded')}</p>
        ) : signedIn && live.length === 0 ? (
          <p class="muted empty">{t('noFollowedLive')}</p>
        ) : (
          <RoomList
            rooms={live}
            currentRoomId={current.status === 'idle' ? null : current.roomId}
            onJoin={join}
          />
        )}
      </section>
      <UpcomingList
        rooms={directory.value?.upcoming ?? []}
        me={profile.value?.username ?? null}
        reminders={reminders.value}
        onRemind={(room, on) =>
          act(async () => {
            const next = await askBackground({
              target: 'background',
              type: 'room:remind',
              roomId: room.id,
              title: room.title,
              on,
            });
            reminders.value = new Set(Object.keys(next));
          })
        }
        onStart={(room) =>
          act(async () => {
            session.value = await askBackground({
              target: 'background',
              type: 'room:start',
              roomId: room.id,
            });
          })
        }
      />
      {signedIn && (
        <FollowSearch
          me={profile.value!.username}
          following={following.value ?? new Set()}
          onFollow={follow}
          search={inWords((prefix: string) =>
            askBackground({ target: 'background', type: 'accounts:search', prefix }),
          )}
        />
      )}
    </main>
  );
}
