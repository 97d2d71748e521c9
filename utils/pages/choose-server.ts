/**
 * Choosing the Earshot server from a page (popup first run, options): the address is checked as typed, the
 * browser is asked for access to that site straight from the click (its prompt needs the user's gesture), then
 * the background checks the server and switches to it. Each step is reported, so the page says what it waits for.
 */
import { type PermissionsApi, requestServerAccess } from '@/utils/permissions/server-access';
import { needsHostPermission, parseServerAddress, type ServerChoice } from '@/utils/protocol/server-address';

export type ChooseStep = { step: 'permission'; origin: string } | { step: 'checking'; origin: string };

export interface ChooseServerDeps {
  permissions: Pick<PermissionsApi, 'request'>;
  /** `ask('server:choose', { url })`. */
  choose(url: string): Promise<ServerChoice>;
  onStep(step: ChooseStep): void;
}

export async function chooseServer(input: string, deps: ChooseServerDeps): Promise<ServerChoice> {
  const address = parseServerAddress(input);
  if (!address.ok) return { ...address, origin: originGuess(input) };
  const { origin } = address;
  if (needsHostPermission(origin)) {
    deps.onStep({ step: 'permission', origin });
    // The first await of the click: the browser still sees the user's gesture and may show its prompt.
    const granted = await requestServerAccess(deps.permissions, origin);
    if (!granted) return { ok: false, problem: 'permission-refused', origin };
  }
  deps.onStep({ step: 'checking', origin });
  return deps.choose(origin);
}

/** For the message about an address that was refused: what it would have been. */
function originGuess(input: string): string {
  try {
    return new URL(input.trim()).origin;
  } catch {
    return input.trim();
  }
}
