import { useSignal } from '@preact/signals';
import { ask } from '@/utils/protocol/ask';
import type { Profile } from '@/wire/accounts';

/**
 * The account and reminders, which the background keeps locally (no service needed). They start as the popup
 * found them in storage when it opened (see utils/pages/popup-start.ts), then `load` asks the background.
 */
export function useAccount(initial: { profile: Profile | null; reminders: string[] }) {
  const profile = useSignal<Profile | null>(initial.profile);
  const reminders = useSignal<Set<string>>(new Set(initial.reminders));

  async function load() {
    profile.value = (await ask('account:get')).profile;
    reminders.value = new Set(Object.keys(await ask('reminders:list')));
  }

  return { profile, reminders, load };
}

export type AccountModel = ReturnType<typeof useAccount>;
