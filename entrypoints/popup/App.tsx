import { useSignal } from '@preact/signals';
import { AccountPanel } from '@/components/AccountPanel';
import { Brand } from '@/components/Brand';
import { ConnectionBanner } from '@/components/ConnectionBanner';
import { EndedNotice } from '@/components/EndedNotice';
import { FollowSearch } from '@/components/FollowSearch';
import { ServerPanel } from '@/components/ServerPanel';
import { StartRoomForm } from '@/components/StartRoomForm';
import { UpcomingList } from '@/components/UpcomingList';
import type { Connection } from '@/utils/pages/connection';
import { type PopupStart, readPopupStart } from '@/utils/pages/popup-start';
import { chooseFromPage, useServerAccess } from '@/utils/pages/server-choice';
import { ask } from '@/utils/protocol/ask';
import type { SessionState } from '@/utils/protocol/session-state';
import { t } from '@/utils/ui/i18n';
import { usePopup } from './hooks/use-popup';
import { LiveRooms } from './LiveRooms';
import { RoomPanel } from './RoomPanel';
import type { SessionSource } from './session-source';

/** A join that failed because the service cannot be reached says so in the user's words. */
function withConnectionError(shown: SessionState, connection: Connection): SessionState {
  if (shown.status !== 'error' || connection === 'online') return shown;
  return { ...shown, error: connection === 'offline' ? t('actionOffline') : t('actionUnreachable') };
}

/**
 * The popup. On a first run (no server chosen yet) it asks which Earshot server to use; then it shows the
 * popup proper, starting over (with what storage holds for it) when the server changes.
 */
export function App({ start, sessions }: { start: PopupStart; sessions?: SessionSource }) {
  const current = useSignal(start);
  const restart = () =>
    void readPopupStart().then((next) => {
      current.value = next;
    });
  const { server } = current.value;
  if (!server.chosen) {
    return (
      <main class="popup">
        <Brand title={t('extName')} />
        <ServerPanel setting={server} choose={chooseFromPage} onChosen={restart} />
      </main>
    );
  }
  return (
    <Popup key={server.serviceUrl} start={current.value} sessions={sessions} onServerChanged={restart} />
  );
}

/** The server in use, with Change, and a warning when the browser took its access away. */
function ServerFooter({
  start,
  onChanged,
  access,
}: {
  start: PopupStart;
  onChanged: () => void;
  access: ReturnType<typeof useServerAccess>;
}) {
  const panel = (
    <ServerPanel
      setting={start.server}
      choose={chooseFromPage}
      onChosen={onChanged}
      access={access.access.value ?? undefined}
      onAllowAgain={access.allowAgain}
    />
  );
  // Access lost: at the top, where the connection banner would otherwise blame the network.
  if (access.access.value === false) return <section class="server-alert">{panel}</section>;
  return <footer class="server-footer">{panel}</footer>;
}

/** The popup proper: its parts in order, top to bottom; what they show and do comes from `usePopup`. */
function Popup({
  start,
  sessions,
  onServerChanged,
}: {
  start: PopupStart;
  sessions?: SessionSource;
  onServerChanged: () => void;
}) {
  const popup = usePopup(start, sessions);
  const { account, directory, session, people, room } = popup;
  const connection = directory.connection.value;
  const current = withConnectionError(session.value, connection);
  const ended = current.status === 'idle' && current.endedReason && !popup.endedDismissed.value;
  const profile = account.profile.value;
  const access = useServerAccess(start.server.serviceUrl);
  // Without the browser's access to the server, "cannot reach Earshot, retrying" would hide the real reason: the
  // server panel (its "Allow access") takes the banner's place at the top until access is back.
  const accessLost = access.access.value === false;
  return (
    <>
      <main class="popup" data-connection={connection}>
        <Brand title={t('extName')} />
        {accessLost && <ServerFooter start={start} onChanged={onServerChanged} access={access} />}
        <ConnectionBanner
          connection={accessLost ? 'online' : connection}
          updatedAt={directory.updatedAt.value}
          inRoom={current.status === 'connected' || current.status === 'reconnecting'}
          onRetry={directory.loadRooms}
        />
        <AccountPanel
          profile={profile}
          onSignIn={people.signIn}
          onSignUp={people.signUp}
          onSignOut={people.signOut}
        />
        {ended && (
          <EndedNotice reason={current.endedReason!} onDismiss={() => (popup.endedDismissed.value = true)} />
        )}
        <RoomPanel popup={popup} current={current} />
        {profile && current.status === 'idle' && (
          <StartRoomForm
            autoOpen={location.hash === '#start'}
            onStart={popup.errors.inWords(async (input) => {
              session.value = (await ask('room:create', input)).session;
              await directory.loadRooms();
            })}
          />
        )}
        <LiveRooms popup={popup} current={current} />
        <UpcomingList
          rooms={directory.directory.value?.upcoming ?? []}
          me={profile?.username ?? null}
          reminders={account.reminders.value}
          onRemind={room.remind}
          onStart={room.start}
        />
        {profile && (
          <FollowSearch
            me={profile.username}
            following={directory.following.value ?? new Set()}
            onFollow={people.follow}
            search={people.search}
          />
        )}
      </main>
      {/* Outside <main>: the page's own content stays the rooms and the account. */}
      {!accessLost && <ServerFooter start={start} onChanged={onServerChanged} access={access} />}
    </>
  );
}
