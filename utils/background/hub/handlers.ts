/**
 * Every background request's handler, checked by the compiler against the protocol map: a missing handler or
 * one answering the wrong type fails the type check.
 */
import type { AnswerOf, BackgroundMessage, BackgroundRequestType } from '../../protocol/background-protocol';
import { accountHandlers } from './account';
import type { HandlerMap, HubContext } from './context';
import { feedHandlers } from './feed';
import { hostingHandlers } from './hosting';
import { identityHandlers } from './identity';
import { listeningHandlers } from './listening';
import { serverHandlers } from './server';

const handlers = {
  ...listeningHandlers,
  ...accountHandlers,
  ...hostingHandlers,
  ...feedHandlers,
  ...serverHandlers,
  ...identityHandlers,
} satisfies HandlerMap;

/** Answers one validated request with its handler. */
export function dispatch<T extends BackgroundRequestType>(
  request: BackgroundMessage<T>,
  hub: HubContext,
): Promise<AnswerOf<T>> {
  const map: HandlerMap = handlers;
  return map[request.type as T](request, hub);
}
