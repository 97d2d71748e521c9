/**
 * The options page's Mastodon section: what it says while the browser asks for access to a server, once
 * access is granted, and when it was refused (English and French).
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MastodonInstances } from '@/entrypoints/options/MastodonInstances';
import type { InstanceApis } from '@/utils/feed/mastodon-instances';
import { useLocale } from '../support/locale';

/** Fake browser APIs whose permission request waits until the test answers it. */
function pendingApis() {
  /** The open requests' answers, oldest first. */
  const answers: Array<{ grant(yes: boolean): void; fail(error: Error): void }> = [];
  const granted = new Set<string>();
  const listeners = new Set<(permissions: { origins?: string[] }) => void>();
  let script: { id: string; matches: string[] } | null = null;
  const apis: InstanceApis = {
    permissions: {
      request: ({ origins }) =>
        new Promise<boolean>((resolve, reject) => {
          answers.push({
            grant(yes) {
              if (yes) for (const origin of origins) granted.add(origin);
              resolve(yes);
            },
            fail: reject,
          });
        }),
      remove: async () => true,
      contains: async ({ origins }) => origins.every((origin) => granted.has(origin)),
      onAdded: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
    },
    scripting: {
      getRegisteredContentScripts: async ({ ids }) => (script && ids.includes(script.id) ? [script] : []),
      registerContentScripts: async ([s]) => {
        script = s!;
      },
      updateContentScripts: async ([s]) => {
        script = s!;
      },
      unregisterContentScripts: async () => {
        script = null;
      },
    },
  };
  return {
    apis: () => apis,
    /** Answers the latest request (or the `index`th). */
    answer: (yes: boolean, index = -1) => answers.at(index)!.grant(yes),
    fail: (error: Error, index: number) => answers.at(index)!.fail(error),
    requests: () => answers.length,
    /** A grant made in the browser's settings while the prompt is still open. */
    grantElsewhere(origin: string) {
      granted.add(origin);
      for (const listener of listeners) listener({ origins: [origin] });
    },
    listeners,
  };
}

function add(host: string) {
  fireEvent.input(screen.getByRole('textbox'), { target: { value: host } });
  fireEvent.submit(screen.getByRole('textbox').closest('form')!);
}

/** Shows the section in `locale` with browser APIs whose prompt waits for the test, and adds `host`. */
function addWithPromptOpen(host: string, locale: 'en' | 'fr' = 'en') {
  useLocale(locale);
  const fake = pendingApis();
  render(<MastodonInstances apis={fake.apis} />);
  add(host);
  return fake;
}

const showsStatus = (text: string) =>
  waitFor(() => expect(screen.getByRole('status').textContent).toBe(text));
const showsAlert = (text: string) => waitFor(() => expect(screen.getByRole('alert').textContent).toBe(text));
const stepShown = () => screen.getByRole('status').getAttribute('data-step');

describe('Mastodon instances on the options page', () => {
  afterEach(() => useLocale('en'));

  it('says it waits for the browser while the prompt is open, then that rooms show there', async () => {
    const fake = addWithPromptOpen('mastodon.example');
    await showsStatus(
      "Waiting for your browser: allow Earshot to read mastodon.example in the prompt it shows (or allow the site in Earshot's Site access settings, then press Add again).",
    );
    fake.answer(true);
    await showsStatus(
      'Rooms now show on mastodon.example (tabs already open there show them once reloaded).',
    );
    await waitFor(() => expect(screen.getByText('mastodon.example', { selector: 'li span' })).toBeTruthy());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says what happened when access was refused, and lists nothing', async () => {
    const fake = addWithPromptOpen('https://mastodon.example/home');
    await waitFor(() => expect(screen.getByRole('status')).toBeTruthy());
    fake.answer(false);
    await showsAlert(
      'Your browser did not give Earshot access to mastodon.example, so no rooms show there. Press Add again and allow it to try again.',
    );
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByText('No Mastodon server added yet.')).toBeTruthy();
  });

  it('takes a grant made in the browser settings while the prompt still waits', async () => {
    const fake = addWithPromptOpen('mastodon.example');
    await waitFor(() => expect(fake.listeners.size).toBe(1));
    fake.grantElsewhere('https://mastodon.example/*');
    await waitFor(() => expect(stepShown()).toBe('added'));
    expect(fake.listeners.size).toBe(0);
  });

  it('speaks for the latest Add only: an earlier request that settles later changes nothing', async () => {
    const fake = addWithPromptOpen('mastodon.example');
    await waitFor(() => expect(fake.requests()).toBe(1));
    add('mastodon.example'); // the user pressed Add again (e.g. after allowing the site in the settings)
    await waitFor(() => expect(fake.requests()).toBe(2));
    fake.answer(true);
    await waitFor(() => expect(stepShown()).toBe('added'));
    fake.fail(new Error('A permissions request is already in progress'), 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stepShown()).toBe('added');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the same in French', async () => {
    const fake = addWithPromptOpen('mastodon.example', 'fr');
    await showsStatus(
      'En attente de votre navigateur : autorisez Earshot à lire mastodon.example dans la fenêtre qu’il affiche (ou autorisez le site dans les réglages « Accès aux sites » d’Earshot, puis appuyez de nouveau sur Ajouter).',
    );
    fake.answer(false);
    await showsAlert(
      'Votre navigateur n’a pas donné à Earshot l’accès à mastodon.example : aucun salon ne s’y affiche. Appuyez de nouveau sur Ajouter et autorisez-le pour réessayer.',
    );
  });
});
