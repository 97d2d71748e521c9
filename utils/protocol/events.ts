/** Events the background sends to views (popup, options, content scripts). Types only. */
import type { Reaction, SessionState } from './session-state';

export interface SessionChangedEvent {
  target: 'views';
  type: 'session:changed';
  state: SessionState;
}

/** The settings content scripts depend on changed. */
export interface ConfigChangedEvent {
  target: 'views';
  type: 'config:changed';
  serviceUrl: string;
}

/** Someone signed in or out: what is live for the viewer (the room bar, X's chips) is theirs no more. */
export interface AccountChangedEvent {
  target: 'views';
  type: 'account:changed';
}

export interface ReactionEvent {
  target: 'views';
  type: 'room:reaction';
  roomId: string;
  reaction: Reaction;
}

export type ViewEvent = SessionChangedEvent | ConfigChangedEvent | AccountChangedEvent | ReactionEvent;
