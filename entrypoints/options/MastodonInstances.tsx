import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  addInstance,
  type InstanceApis,
  listInstances,
  normalizeInstance,
  removeInstance,
} from '@/utils/feed/mastodon-instances';
import { t } from '@/utils/ui/i18n';

const apis = (): InstanceApis => ({
  permissions: browser.permissions,
  scripting: browser.scripting as unknown as InstanceApis['scripting'],
});

/** Mastodon servers where Earshot shows rooms in the feed; each one is asked for when added. */
export function MastodonInstances() {
  const instances = useSignal<string[]>([]);
  const draft = useSignal('');
  const error = useSignal<string | null>(null);

  const refresh = () =>
    listInstances(apis())
      .then((list) => {
        instances.value = list;
      })
      .catch(() => undefined);
  useEffect(() => {
    void refresh();
  }, []);

  const add = (event: Event) => {
    event.preventDefault();
    const host = normalizeInstance(draft.value);
    if (!host) {
      error.value = t('optionsInvalidHost');
      return;
    }
    error.value = null;
    // Straight from the submit: the permission prompt needs the user's gesture.
    addInstance(apis(), host)
      .then((granted) => {
        if (!granted) error.value = t('optionsPermissionDenied', host);
        else draft.value = '';
        return refresh();
      })
      .catch((failure: Error) => {
        error.value = failure.message;
      });
  };

  const remove = (host: string) => {
    removeInstance(apis(), host)
      .then(refresh)
      .catch((failure: Error) => {
        error.value = failure.message;
      });
  };

  return (
    <section class="group" aria-labelledby="mastodon-heading">
      <h2 id="mastodon-heading">{t('optionsMastodonHeading')}</h2>
      <p class="help">{t('optionsMastodonHelp')}</p>
      <form class="row" onSubmit={add}>
        <label class="visually-hidden" for="mastodon-host">
          {t('optionsMastodonLabel')}
        </label>
        <input
          id="mastodon-host"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder={t('optionsMastodonPlaceholder')}
          value={draft.value}
          onInput={(event) => {
            draft.value = (event.target as HTMLInputElement).value;
          }}
        />
        <button type="submit">{t('optionsAdd')}</button>
      </form>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {instances.value.length === 0 ? (
        <p class="muted">{t('optionsNoInstances')}</p>
      ) : (
        <ul class="instances">
          {instances.value.map((host) => (
            <li key={host} data-host={host}>
              <span>{host}</span>
              <button
                type="button"
                class="link"
                aria-label={t('optionsRemove', host)}
                onClick={() => remove(host)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
