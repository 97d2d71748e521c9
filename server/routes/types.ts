/** What every route module gets. */
import type { RequestAuth } from '../auth/request-auth.ts';
import type { Services } from '../services.ts';

export interface RouteDeps {
  services: Services;
  auth: RequestAuth;
  /** SSE heartbeat interval. */
  heartbeatMs: number;
  /** Aborted when the service shuts down (long-lived responses end then). */
  shutdownSignal?: AbortSignal;
}
