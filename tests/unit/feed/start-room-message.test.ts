/** The feed's "Start a room" message: validated like every message, and answered by opening the start form. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { accountItem } from '@/utils/storage/settings';
import { createTestHub, FakeRoomsApi } from '../fakes';

function setup(openStartRoom: () => Promise<'popup' | 'window'>) {
  const api = new FakeRoomsApi(() => accountItem.getValue().then((a) => a?.token ?? null));
  return createTestHub(api, { openStartRoom });
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('popup:start-room', () => {
  it('opens the start form and says how (the toolbar popup or a window)', async () => {
    const open = vi.fn(async () => 'window' as const);
    const hub = setup(open);
    await expect(hub.handle({ target: 'background', type: 'popup:start-room' })).resolves.toEqual({
      ok: true,
      value: 'window',
    });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed message and opens nothing', async () => {
    const open = vi.fn(async () => 'popup' as const);
    const hub = setup(open);
    const reply = await hub.handle({
      target: 'background',
      type: 'popup:start-room',
      url: 'https://evil.example',
    });
    expect(reply).toMatchObject({ ok: false });
    expect(open).not.toHaveBeenCalled();
  });
});
