/** How the rooms domain talks to LiveKit: the identity an account has there, and outages as 503s. */
import { ApiError } from '../api-error.ts';
import { LiveKitUnavailableError } from '../livekit-rooms.ts';

/** The stable LiveKit identity of an account, so moderation can find them in any room. */
export const accountIdentity = (accountId: string) => `u-${accountId}`;

/** LiveKit's own error text stays in the logs' reach only: it may name internal addresses. */
export const livekitUnavailable = () =>
  new ApiError(503, 'livekit_unavailable', 'The media server is unavailable; try again shortly');

/** Runs a LiveKit call, turning "LiveKit is down" into a 503. */
export async function viaLiveKit<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof LiveKitUnavailableError) throw livekitUnavailable();
    throw error;
  }
}
