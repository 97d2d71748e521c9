/**
 * What the remote audio receivers of a room have taken in so far, summed from WebRTC's raw getStats()
 * reports (livekit-client's own audio receiver stats leave out packetsReceived). One reader for the
 * engine's stats answer, its first-audio watch and its stall sampler.
 */
import type { RemoteAudioTrack, Room } from 'livekit-client';
import type { IcePath } from '../protocol/session-state';
import { selectedIcePath } from './ice-path';

export interface ReceiverTotals {
  bytesReceived: number;
  packetsReceived: number;
  /** The network path of the first receiver that reports one. */
  icePath?: IcePath;
}

export function remoteAudioTracks(room: Room | null): RemoteAudioTrack[] {
  const tracks: RemoteAudioTrack[] = [];
  for (const participant of room?.remoteParticipants.values() ?? []) {
    for (const publication of participant.audioTrackPublications.values()) {
      if (publication.audioTrack) tracks.push(publication.audioTrack as RemoteAudioTrack);
    }
  }
  return tracks;
}

type InboundEntry = { type: string; bytesReceived?: number; packetsReceived?: number };

/** Sums the inbound RTP counters of `tracks`; a receiver whose report fails counts as nothing. */
export async function receiverTotals(tracks: RemoteAudioTrack[]): Promise<ReceiverTotals> {
  const totals: ReceiverTotals = { bytesReceived: 0, packetsReceived: 0 };
  for (const track of tracks) {
    const report = await track.receiver?.getStats().catch(() => undefined);
    if (!report) continue;
    totals.icePath ??= selectedIcePath(report);
    report.forEach((entry: InboundEntry) => {
      if (entry.type !== 'inbound-rtp') return;
      totals.bytesReceived += entry.bytesReceived ?? 0;
      totals.packetsReceived += entry.packetsReceived ?? 0;
    });
  }
  if (!totals.icePath) delete totals.icePath;
  return totals;
}
