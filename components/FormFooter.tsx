import { type Signal, useSignal } from '@preact/signals';

/** A form's submit state: busy while it runs, and the error it failed with (already in the user's words). */
export interface FormState {
  busy: Signal<boolean>;
  error: Signal<string | null>;
}

/**
 * Submits a form through `run` with its fields; while it runs the submit button is disabled, and a failure is
 * shown above the buttons (see {@link FormFooter}).
 */
export function useFormSubmit(run: (form: FormData) => Promise<void>): FormState & {
  submit: (event: Event) => Promise<void>;
} {
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      await run(new FormData(event.currentTarget as HTMLFormElement));
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    } finally {
      busy.value = false;
    }
  };
  return { busy, error, submit };
}

/** The end of a form: its error if the last submit failed, the submit button, and a secondary link button. */
export function FormFooter({
  state,
  submitLabel,
  otherLabel,
  onOther,
}: {
  state: FormState;
  submitLabel: string;
  otherLabel: string;
  onOther: () => void;
}) {
  return (
    <>
      {state.error.value && (
        <p class="error" role="alert">
          {state.error.value}
        </p>
      )}
      <div class="row">
        <button type="submit" class="join" disabled={state.busy.value}>
          {submitLabel}
        </button>
        <button type="button" class="link" onClick={onOther}>
          {otherLabel}
        </button>
      </div>
    </>
  );
}
