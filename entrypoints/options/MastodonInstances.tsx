import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  type AddStep,
  addInstance,
  type InstanceApis,
  listInstances,
  normalizeInstance,
  removeInstance,
} from '@/utils/feed/mastodon-instances';
import { t } from '@/utils/ui/i18n';

const browserApis = (): InstanceApis => ({
  permissions: browser.permissions,
  scripting: browser.scripting as unknown as InstanceApis['scripting'],
});

/** What the page says about the last Add: what it waits for, or how it ended. */
type Progress = { step: AddStep | 'added' | 'refused'; host: string };

const PROGRESS_TEXT = {
  asking: 'optionsPermissionAsking',
  registering: 'optionsInstanceRegistering',
  added: 'optionsInstanceAdded',
  refused: 'optionsPermissionDenied',
} as const;

/**
 * Mastodon servers where Earshot shows rooms in the feed; each one is asked for when added. While the browser
 * asks the user, the page says so (the prompt may be behind another window, or never shown), and it says
 * what happened when access was refused. `apis` is for tests (the browser's own by default).
 */
export function MastodonInstances({ apis = browserApis }: { apis?: () => InstanceApis }) {
  const instances = useSignal<string[]>([]);
  const draft = useSignal('');
  const error = useSignal<string | null>(null);
  const progress = useSignal<Progress | null>(null);
  /** Only the latest Add speaks: an earlier request still open (a prompt never answered) may settle later. */
  const attempt = useRef(0);

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
    progress.value = null;
    if (!host) {
      error.value = t('optionsInvalidHost');
      return;
    }
    error.value = null;
    const current = ++attempt.current;
    const latest = () => current === attempt.current;
    // Straight from the submit: the permission prompt needs the user's gesture.
    addInstance(apis(), host, (step) => {
      if (latest()) progress.value = { step, host };
    })
      .then((granted) => {
        if (!latest()) return refresh();
        progress.value = { step: granted ? 'added' : 'refused', host };
        if (granted) draft.value = '';
        return refresh();
      })
      .catch((failure: Error) => {
        if (!latest()) return;
        progress.value = null;
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
      {progress.value && (
        <p
          class={progress.value.step === 'refused' ? 'error' : 'help'}
          role={progress.value.step === 'refused' ? 'alert' : 'status'}
          data-step={progress.value.step}
        >
          {t(PROGRESS_TEXT[progress.value.step], progress.value.host)}
        </p>
      )}
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
