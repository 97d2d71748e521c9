import { useSignal } from '@preact/signals';
import { t } from '@/utils/ui/i18n';
import type { Profile } from '@/wire/accounts';
import { ListRow } from './ListRow';

export interface FollowSearchProps {
  search: (prefix: string) => Promise<Profile[]>;
  following: Set<string>;
  /** Rejects (in the user's words) when the change was not saved; the button then stays as it was. */
  onFollow: (username: string, follow: boolean) => Promise<void> | void;
  /** Not offered for yourself. */
  me: string;
}

/** Find people by username and follow them. */
export function FollowSearch({ search, following, onFollow, me }: FollowSearchProps) {
  const results = useSignal<Profile[] | null>(null);
  const error = useSignal<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const prefix = String(new FormData(event.currentTarget as HTMLFormElement).get('prefix') ?? '').trim();
    if (!prefix) return;
    try {
      results.value = (await search(prefix)).filter((p) => p.username !== me);
      error.value = null;
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  };
  return (
    <section class="follow-search" aria-labelledby="find-people">
      <h2 id="find-people" class="section-label">
        {t('findPeople')}
      </h2>
      <search>
        <form class="row" onSubmit={submit}>
          <input
            name="prefix"
            aria-label={t('searchByUsername')}
            placeholder={t('searchByUsername')}
            maxLength={30}
          />
          <button type="submit">{t('search')}</button>
        </form>
      </search>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {results.value?.length === 0 && <p class="muted small">{t('nobodyFound')}</p>}
      {results.value && results.value.length > 0 && (
        <ul class="rooms">
          {results.value.map((person) => {
            const followed = following.has(person.username);
            return (
              <ListRow
                key={person.id}
                data-username={person.username}
                name={person.displayName}
                meta={`@${person.username}`}
              >
                <button
                  type="button"
                  class={followed ? '' : 'join'}
                  aria-pressed={followed}
                  aria-label={t(followed ? 'unfollowAria' : 'followAria', person.username)}
                  onClick={() => {
                    error.value = null;
                    Promise.resolve(onFollow(person.username, !followed)).catch((failure: unknown) => {
                      error.value = failure instanceof Error ? failure.message : String(failure);
                    });
                  }}
                >
                  {followed ? t('following') : t('follow')}
                </button>
              </ListRow>
            );
          })}
        </ul>
      )}
    </section>
  );
}
