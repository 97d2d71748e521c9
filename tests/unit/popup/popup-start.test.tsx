import { render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/entrypoints/popup/App';
import type { PopupStart } from '@/utils/pages/popup-start';
import { room } from '../fakes';
import { useLocale } from '../support/locale';

const SERVER = { serviceUrl: 'http://127.0.0.1:8787', chosen: true, defaultUrl: 'http://127.0.0.1:8787' };
const ada = { id: 'id-ada', username: 'ada', displayName: 'Ada', avatarUrl: null };

function start(overrides: Partial<PopupStart> = {}): PopupStart {
  return {
    server: SERVER,
    session: null,
    reminders: [],
    snapshot: {
      serviceUrl: SERVER.serviceUrl,
      profile: ada,
      directory: { live: [room('r1', 'Morning show')], upcoming: [] },
      directoryAt: 1,
      following: ['host'],
    },
    ...overrides,
  };
}

/** The background: `answer` for every request (never answering, unless told). */
function background(answer: (type: string) => unknown = () => new Promise(() => undefined)) {
  fakeBrowser.runtime.sendMessage = (async (message: { type: string }) =>
    answer(message.type)) as typeof fakeBrowser.runtime.sendMessage;
}

beforeEach(() => {
  fakeBrowser.reset();
  useLocale('en');
});

describe('popup first render', () => {
  it('shows the last account and rooms from storage before the background has answered anything', () => {
    background();
    render(<App start={start()} />);
    expect(screen.getByText('@ada')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Join Morning show' })).toBeTruthy();
  });

  it('a first run asks for the server instead, with the build default', () => {
    background();
    render(<App start={start({ server: { ...SERVER, chosen: false }, snapshot: null })} />);
    expect((screen.getByLabelText('Server address') as HTMLInputElement).value).toBe('http://127.0.0.1:8787');
    expect(screen.queryByRole('button', { name: 'Join Morning show' })).toBeNull();
  });

  it('drops the stored rooms when the first load finds the service unreachable', async () => {
    background((type) =>
      type === 'account:get'
        ? { ok: true, value: { profile: ada } }
        : type === 'reminders:list'
          ? { ok: true, value: {} }
          : { ok: false, error: { code: 'unreachable', message: 'down' } },
    );
    render(<App start={start()} />);
    expect(screen.getByRole('button', { name: 'Join Morning show' })).toBeTruthy();
    expect(await screen.findByText('Rooms will appear here as soon as Earshot can be reached.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Join Morning show' })).toBeNull();
  });
});
