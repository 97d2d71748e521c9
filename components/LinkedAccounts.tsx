import { useSignal } from '@preact/signals';
import type { IdentityState, LinkedHandle, VerifiableSite } from '@/utils/protocol/identity-state';
import { t } from '@/utils/ui/i18n';

export interface LinkedAccountsProps {
  state: IdentityState;
  /** Claims and checks a handle; rejects with the service's reason. */
  onVerify: (site: VerifiableSite, handle: string) => Promise<void>;
  /** Sets the X handle (claimed only); empty removes it. */
  onClaimX: (handle: string) => Promise<void>;
  onImport: (site: VerifiableSite) => Promise<void>;
  onRemoveImport: (site: VerifiableSite) => Promise<void>;
  /** "Sign in with Bluesky" for this handle (opens the user's Bluesky sign-in page). */
  onBlueskySignIn: (handle: string) => Promise<void>;
}

const SITE_NAME = { bsky: 'Bluesky', mastodon: 'Mastodon' } as const;

/**
 * Linked accounts on the options page: the Earshot profile address to put on the other profile, a handle
 * per site with whether it is verified, the X handle (never verified: said so), and the follows imported.
 */
export function LinkedAccounts(props: LinkedAccountsProps) {
  const { state } = props;
  if (!state.profileUrl) return <p class="muted small">{t('linkedSignInFirst')}</p>;
  return (
    <div class="linked-accounts">
      <p class="small">{t('linkedHowTo')}</p>
      <p>
        <code class="profile-url">{state.profileUrl}</code>
      </p>
      <SiteLink site="mastodon" {...props} />
      <SiteLink site="bsky" {...props} />
      <XHandle {...props} />
    </div>
  );
}

function statusText(handle: LinkedHandle | undefined): string {
  if (!handle) return t('linkedNone');
  return handle.status === 'verified'
    ? t('linkedVerified', handle.handle)
    : t('linkedClaimed', handle.handle);
}

function SiteLink(props: LinkedAccountsProps & { site: VerifiableSite }) {
  const { site, state } = props;
  const handle = state.handles.find((h) => h.site === site);
  const draft = useSignal(handle?.handle ?? '');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const run = (action: () => Promise<void>) => {
    error.value = null;
    busy.value = true;
    action()
      .catch((failure: Error) => {
        error.value = failure.message;
      })
      .finally(() => {
        busy.value = false;
      });
  };
  const imported = state.imports.find((i) => i.site === site);
  const verified = handle?.status === 'verified';
  const inputId = `linked-${site}`;
  return (
    <fieldset class="linked-site" data-site={site}>
      <legend>{SITE_NAME[site]}</legend>
      <p class="small" data-status={handle?.status ?? 'none'}>
        {statusText(handle)}
      </p>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          run(() => props.onVerify(site, draft.value.trim()));
        }}
      >
        <label for={inputId}>{t(site === 'bsky' ? 'linkedBskyHandle' : 'linkedMastodonHandle')}</label>
        <input
          id={inputId}
          value={draft.value}
          placeholder={site === 'bsky' ? 'you.bsky.social' : 'you@mastodon.social'}
          onInput={(event) => (draft.value = (event.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy.value || !draft.value.trim()}>
          {t('linkedVerify')}
        </button>
        {site === 'bsky' && (
          <button
            type="button"
            disabled={busy.value || !draft.value.trim()}
            onClick={() => run(() => props.onBlueskySignIn(draft.value.trim()))}
          >
            {t('linkedBlueskySignIn')}
          </button>
        )}
      </form>
      {verified && (
        <div class="row">
          <span class="small muted">
            {imported
              ? t(
                  'linkedImported',
                  String(imported.followCount),
                  new Date(imported.syncedAt).toLocaleString(),
                )
              : t('linkedNotImported')}
          </span>{' '}
          <button type="button" disabled={busy.value} onClick={() => run(() => props.onImport(site))}>
            {imported ? t('linkedSyncNow') : t('linkedImport')}
          </button>
          {imported && (
            <button
              type="button"
              class="link"
              disabled={busy.value}
              onClick={() => run(() => props.onRemoveImport(site))}
            >
              {t('linkedRemoveImport')}
            </button>
          )}
        </div>
      )}
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </fieldset>
  );
}

function XHandle(props: LinkedAccountsProps) {
  const handle = props.state.handles.find((h) => h.site === 'x');
  const draft = useSignal(handle?.handle ?? '');
  const error = useSignal<string | null>(null);
  return (
    <fieldset class="linked-site" data-site="x">
      <legend>X</legend>
      <p class="small">{t('linkedXNotice')}</p>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          error.value = null;
          props.onClaimX(draft.value.trim()).catch((failure: Error) => {
            error.value = failure.message;
          });
        }}
      >
        <label for="linked-x">{t('linkedXHandle')}</label>
        <input
          id="linked-x"
          value={draft.value}
          placeholder="you"
          onInput={(event) => (draft.value = (event.target as HTMLInputElement).value)}
        />
        <button type="submit">{t('linkedSave')}</button>
      </form>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </fieldset>
  );
}
