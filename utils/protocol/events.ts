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

export interface ReactionEvent {
  target: 'views';
  type: 'room:reaction';
  roomId: string;
  reaction: Reaction;
}

export type ViewEvent = SessionChangedEvent | ConfigChangedEvent | ReactionEvent;
