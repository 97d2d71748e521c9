import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerPanel } from '@/components/ServerPanel';
import { chooseServer } from '@/utils/pages/choose-server';
import type { ServerChoice, ServerProblem } from '@/utils/protocol/server-address';
import { useLocale } from '../support/locale';

const firstRun = { serviceUrl: 'http://127.0.0.1:8787', chosen: false, defaultUrl: 'http://127.0.0.1:8787' };

/** Submits `input` on the first-run form with a `choose` that answers `answer`; returns the alert's text. */
async function submitWith(input: string, answer: ServerChoice): Promise<string> {
  render(<ServerPanel setting={firstRun} choose={async () => answer} onChosen={vi.fn()} />);
  fireEvent.input(screen.getByRole('textbox'), { target: { value: input } });
  fireEvent.submit(screen.getByRole('textbox').closest('form')!);
  return (await screen.findByRole('alert')).textContent ?? '';
}

const PROBLEMS: Array<{ problem: ServerProblem; origin: string; en: RegExp; fr: RegExp }> = [
  { problem: 'not-a-url', origin: 'nope', en: /not a server address/, fr: /pas une adresse de serveur/ },
  {
    problem: 'https-required',
    origin: 'http://rooms.example.org',
    en: /rooms\.example\.org must be reached over HTTPS/,
    fr: /rooms\.example\.org doit être joint en HTTPS/,
  },
  {
    problem: 'unreachable',
    origin: 'http://127.0.0.1:9',
    en: /Could not reach http:\/\/127\.0\.0\.1:9: it may be down/,
    fr: /Impossible de joindre http:\/\/127\.0\.0\.1:9/,
  },
  {
    problem: 'unreachable',
    origin: 'https://rooms.example.org',
    en: /certificate is not valid \(a TLS error\)/,
    fr: /certificat HTTPS n’est pas valide \(erreur TLS\)/,
  },
  {
    problem: 'timeout',
    origin: 'https://slow.example.org',
    en: /did not answer within 6 seconds/,
    fr: /n’a pas répondu en 6 secondes/,
  },
  {
    problem: 'not-earshot',
    origin: 'https://example.org',
    en: /answered, but it is not an Earshot server/,
    fr: /a répondu, mais ce n’est pas un serveur Earshot/,
  },
  {
    problem: 'permission-refused',
    origin: 'https://rooms.example.org',
    en: /was not allowed to reach https:\/\/rooms\.example\.org/,
    fr: /n’a pas été autorisé à joindre https:\/\/rooms\.example\.org/,
  },
];

describe.each(['en', 'fr'] as const)('each failure says what is wrong (%s)', (lang) => {
  beforeEach(() => useLocale(lang));
  for (const { problem, origin, ...expected } of PROBLEMS) {
    it(`${problem} ${origin}`, async () => {
      expect(await submitWith(origin, { ok: false, problem, origin })).toMatch(expected[lang]);
    });
  }
});

describe('the first-run form', () => {
  beforeEach(() => useLocale('en'));

  it('offers the build default, says what it waits for, and reports the server chosen', async () => {
    const onChosen = vi.fn();
    let finish: (choice: ServerChoice) => void = () => undefined;
    const choose = vi.fn(
      (_input: string, onStep: (step: { step: 'permission' | 'checking'; origin: string }) => void) => {
        onStep({ step: 'permission', origin: 'https://rooms.example.org' });
        return new Promise<ServerChoice>((resolve) => {
          finish = resolve;
        });
      },
    );
    render(<ServerPanel setting={firstRun} choose={choose} onChosen={onChosen} />);
    const input = screen.getByLabelText('Server address') as HTMLInputElement;
    expect(input.value).toBe('http://127.0.0.1:8787');
    fireEvent.input(input, { target: { value: 'rooms.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this server' }));
    expect((await screen.findByRole('status')).textContent).toMatch(
      /Waiting for you to allow Earshot to reach rooms\.example\.org/,
    );
    expect(screen.getByRole('button', { name: 'Use this server' })).toHaveProperty('disabled', true);
    finish({ ok: true, serviceUrl: 'https://rooms.example.org', version: '1' });
    await vi.waitFor(() => expect(onChosen).toHaveBeenCalledWith('https://rooms.example.org'));
    expect(choose.mock.calls[0]![0]).toBe('rooms.example.org');
  });

  it('once chosen: shows the server, and Change opens the form with a warning and Cancel', () => {
    render(
      <ServerPanel
        setting={{ ...firstRun, serviceUrl: 'https://rooms.example.org', chosen: true }}
        choose={vi.fn()}
        onChosen={vi.fn()}
      />,
    );
    expect(screen.getByText('Connected to rooms.example.org')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change server' }));
    expect(screen.getByText(/signs you out of this one/)).toBeTruthy();
    expect((screen.getByLabelText('Server address') as HTMLInputElement).value).toBe(
      'https://rooms.example.org',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText('Connected to rooms.example.org')).toBeTruthy();
  });

  it('access removed later: says so and asks again on a click', () => {
    const onAllowAgain = vi.fn();
    render(
      <ServerPanel
        setting={{ ...firstRun, serviceUrl: 'https://rooms.example.org', chosen: true }}
        choose={vi.fn()}
        onChosen={vi.fn()}
        access={false}
        onAllowAgain={onAllowAgain}
      />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(
      /can no longer reach https:\/\/rooms\.example\.org/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Allow access' }));
    expect(onAllowAgain).toHaveBeenCalledOnce();
  });
});

describe('chooseServer (the page side)', () => {
  const ok: ServerChoice = { ok: true, serviceUrl: 'x', version: '1' };

  it('asks the browser for that site only, then the background', async () => {
    const request = vi.fn().mockResolvedValue(true);
    const choose = vi.fn().mockResolvedValue(ok);
    const steps: string[] = [];
    await chooseServer('rooms.example.org:8443', {
      permissions: { request },
      choose,
      onStep: (s) => steps.push(s.step),
    });
    expect(request).toHaveBeenCalledWith({ origins: ['https://rooms.example.org/*'] });
    expect(choose).toHaveBeenCalledWith('https://rooms.example.org:8443');
    expect(steps).toEqual(['permission', 'checking']);
  });

  it('a refused (or failed) permission request stops there', async () => {
    for (const request of [vi.fn().mockResolvedValue(false), vi.fn().mockRejectedValue(new Error('no'))]) {
      const choose = vi.fn();
      expect(
        await chooseServer('https://rooms.example.org', {
          permissions: { request },
          choose,
          onStep: vi.fn(),
        }),
      ).toEqual({ ok: false, problem: 'permission-refused', origin: 'https://rooms.example.org' });
      expect(choose).not.toHaveBeenCalled();
    }
  });

  it('loopback needs no prompt (granted at install); bad addresses never reach the browser', async () => {
    const request = vi.fn();
    const choose = vi.fn().mockResolvedValue(ok);
    await chooseServer('http://127.0.0.1:9787', { permissions: { request }, choose, onStep: vi.fn() });
    expect(request).not.toHaveBeenCalled();
    expect(choose).toHaveBeenCalledWith('http://127.0.0.1:9787');
    expect(
      await chooseServer('http://rooms.example.org', { permissions: { request }, choose, onStep: vi.fn() }),
    ).toMatchObject({ ok: false, problem: 'https-required' });
    expect(request).not.toHaveBeenCalled();
  });
});
