import { useSignal } from '@preact/signals';
import type { ChooseStep } from '@/utils/pages/choose-server';
import { describeServerProblem } from '@/utils/pages/server-problems';
import type { ServerChoice, ServerSetting } from '@/utils/protocol/server-address';
import { t } from '@/utils/ui/i18n';

export interface ServerPanelProps {
  setting: ServerSetting;
  /** Checks and switches to the server typed (asking the browser for access first), reporting each step. */
  choose: (input: string, onStep: (step: ChooseStep) => void) => Promise<ServerChoice>;
  onChosen: (serviceUrl: string) => void;
  /** False when the browser no longer lets the extension reach the chosen server. */
  access?: boolean;
  /** Asks the browser for access again (from the click). */
  onAllowAgain?: () => void;
  /** The form shows its own heading (false where the page titles the section already). */
  heading?: boolean;
}

/**
 * Which Earshot server: on a first run, a form with the build's default filled in; afterwards the server in
 * use, with Change. While choosing it says what it waits for (the browser's permission prompt, the check), and
 * why a server was not taken.
 */
export function ServerPanel(props: ServerPanelProps) {
  const { setting } = props;
  const changing = useSignal(false);
  if (!setting.chosen || changing.value) {
    return (
      <ServerForm
        {...props}
        firstRun={!setting.chosen}
        onCancel={() => (changing.value = false)}
        onChosen={(url) => {
          changing.value = false;
          props.onChosen(url);
        }}
      />
    );
  }
  return (
    <div class="server" data-server={setting.serviceUrl}>
      {props.access === false && (
        <p class="error" role="alert">
          {t('serverAccessLost', setting.serviceUrl)}{' '}
          <button type="button" class="link" onClick={props.onAllowAgain}>
            {t('serverAllowAgain')}
          </button>
        </p>
      )}
      <span class="muted small">{t('serverCurrent', hostOf(setting.serviceUrl))}</span>{' '}
      <button type="button" class="link" onClick={() => (changing.value = true)}>
        {t('serverChange')}
      </button>
    </div>
  );
}

function ServerForm(props: ServerPanelProps & { firstRun: boolean; onCancel: () => void }) {
  const { setting, firstRun } = props;
  const draft = useSignal(firstRun ? setting.defaultUrl : setting.serviceUrl);
  const step = useSignal<ChooseStep | null>(null);
  const error = useSignal<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    error.value = null;
    // No await before choose(): the browser's permission prompt needs this click's gesture.
    props
      .choose(draft.value, (next) => {
        step.value = next;
      })
      .then((choice) => {
        if (choice.ok) props.onChosen(choice.serviceUrl);
        else error.value = describeServerProblem(choice.problem, choice.origin);
      })
      .catch((failure: unknown) => {
        error.value = failure instanceof Error ? failure.message : String(failure);
      })
      .finally(() => {
        step.value = null;
      });
  };

  const busy = step.value !== null;
  return (
    <form class="card server-form" onSubmit={submit} aria-label={t('serverTitle')} data-first-run={firstRun}>
      {props.heading !== false && <h2 class="section-label">{t('serverTitle')}</h2>}
      <p class="muted small">{firstRun ? t('serverFirstRunHelp') : t('serverChangeWarning')}</p>
      <label>
        {t('serverLabel')}
        <input
          name="server"
          type="text"
          inputMode="url"
          autoComplete="url"
          spellcheck={false}
          maxLength={2048}
          required
          value={draft.value}
          onInput={(event) => {
            draft.value = (event.target as HTMLInputElement).value;
          }}
        />
      </label>
      {step.value && (
        <p class="muted small" role="status">
          {step.value.step === 'permission'
            ? t('serverAskingPermission', hostOf(step.value.origin))
            : t('serverChecking', hostOf(step.value.origin))}
        </p>
      )}
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      <div class="row">
        <button type="submit" class="join" disabled={busy}>
          {t('serverUse')}
        </button>
        {!firstRun && (
          <button type="button" class="link" onClick={props.onCancel}>
            {t('serverCancel')}
          </button>
        )}
      </div>
    </form>
  );
}

const hostOf = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
};
