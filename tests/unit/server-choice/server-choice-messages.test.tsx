/** The messages added for issue 12's bad inputs, in both languages: an untrusted certificate, access removed. */
import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerPanel } from '@/components/ServerPanel';
import { useLocale } from '../support/locale';

const chosen = { serviceUrl: 'https://rooms.example.org', chosen: true, defaultUrl: 'http://127.0.0.1:8787' };
const firstRun = { ...chosen, chosen: false };

const TEXT = {
  en: {
    tls: /^The server’s certificate is not trusted: rooms\.example\.org answered over HTTPS/,
    lost: /can no longer reach https:\/\/rooms\.example\.org: its access to that site was removed/,
    allow: 'Allow access',
  },
  fr: {
    tls: /^Le certificat du serveur n’est pas reconnu : rooms\.example\.org a répondu en HTTPS/,
    lost: /ne peut plus joindre https:\/\/rooms\.example\.org : son accès à ce site a été retiré/,
    allow: 'Autoriser l’accès',
  },
};

describe.each(['en', 'fr'] as const)('%s', (lang) => {
  beforeEach(() => useLocale(lang));

  it('an untrusted certificate says so, not "could not reach"', async () => {
    render(
      <ServerPanel
        setting={firstRun}
        choose={async () => ({ ok: false, problem: 'tls-untrusted', origin: 'https://rooms.example.org' })}
        onChosen={vi.fn()}
      />,
    );
    fireEvent.submit(screen.getByRole('textbox').closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toMatch(TEXT[lang].tls);
  });

  it('access removed: says so, and the button asks again', () => {
    const onAllowAgain = vi.fn();
    render(
      <ServerPanel
        setting={chosen}
        choose={vi.fn()}
        onChosen={vi.fn()}
        access={false}
        onAllowAgain={onAllowAgain}
      />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(TEXT[lang].lost);
    fireEvent.click(screen.getByRole('button', { name: TEXT[lang].allow }));
    expect(onAllowAgain).toHaveBeenCalledOnce();
  });
});
