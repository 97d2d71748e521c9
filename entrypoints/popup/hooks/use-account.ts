import { useSignal } from '@preact/signals';
import { ask } from '@/utils/protocol/ask';
import type { Profile } from '@/wire/accounts';

/** The account and reminders, which the background keeps locally (no service needed). */
export function useAccount() {
  const profile = useSignal<Profile | null>(null);
  const reminders = useSignal<Set<string>>(new Set());

  async function load() {
    profile.value = (await ask('account:get')).profile;
    reminders.value = new Set(Object.keys(await ask('reminders:list')));
  }

  return { profile, reminders, load };
}

export type AccountModel = ReturnType<typeof useAccount>;
