/** What the player reads from a livekit-client Room: who speaks, how many listen, and its events. */
import { type DisconnectReason, type Participant, type Room, RoomEvent, Track } from 'livekit-client';
import { REACTION_TOPIC } from '../../../wire/reactions.ts';

export interface Speaker {
  identity: string;
  name: string;
  speaking: boolean;
}

const isSpeaker = (p: Participant) => p.permissions?.canPublish === true;

/** The people on stage (allowed to publish) and the count of everyone else, this guest included. */
export function stageOf(room: Room): { speakers: Speaker[]; listenerCount: number } {
  const everyone = [room.localParticipant, ...room.remoteParticipants.values()];
  return {
    speakers: everyone.filter(isSpeaker).map((p) => ({
      identity: p.identity,
      name: p.name || p.identity,
      speaking: p.isSpeaking,
    })),
    listenerCount: everyone.filter((p) => !isSpeaker(p)).length,
  };
}

const STAGE_EVENTS = [
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.ParticipantPermissionsChanged,
  RoomEvent.ParticipantNameChanged,
  RoomEvent.ActiveSpeakersChanged,
  RoomEvent.TrackPublished,
  RoomEvent.TrackUnpublished,
  RoomEvent.TrackSubscribed,
] as const;

export interface RoomHandlers {
  /** Someone joined, left, started or stopped speaking, or changed role. */
  stageChanged(): void;
  reaction(payload: Uint8Array): void;
  playbackChanged(canPlay: boolean): void;
  reconnecting(): void;
  reconnected(): void;
  disconnected(reason: DisconnectReason | undefined): void;
}

/** Plays every audio track into `audio` and tells `handlers` what happens in the room. */
export function wireRoom(room: Room, audio: HTMLElement, handlers: RoomHandlers): void {
  for (const event of STAGE_EVENTS) room.on(event, () => handlers.stageChanged());
  room
    .on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind === Track.Kind.Audio) audio.append(track.attach());
    })
    .on(RoomEvent.TrackUnsubscribed, (track) => {
      for (const element of track.detach()) element.remove();
    })
    .on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
      // Only the rooms service (no participant) sends reactions; guests cannot publish data at all.
      if (topic === REACTION_TOPIC && !participant) handlers.reaction(payload);
    })
    .on(RoomEvent.AudioPlaybackStatusChanged, () => handlers.playbackChanged(room.canPlaybackAudio))
    .on(RoomEvent.Reconnecting, () => handlers.reconnecting())
    .on(RoomEvent.Reconnected, () => handlers.reconnected())
    .on(RoomEvent.Disconnected, (reason) => handlers.disconnected(reason));
}
