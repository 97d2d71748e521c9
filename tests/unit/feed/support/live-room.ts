/** A live room as the rooms service describes it (wire/room-summary.ts), for the feed's unit tests. */
import type { RoomSummary } from '@/wire/room-summary';

export function liveRoom(fields: Partial<RoomSummary> = {}): RoomSummary {
  return {
    id: 'Room000001',
    title: 'Morning show',
    description: '',
    language: null,
    hostName: 'Dana Lee',
    hostUsername: 'dana',
    state: 'live',
    listenerCount: 3,
    speakerCount: 1,
    startedAt: '2026-01-01T00:00:00Z',
    scheduledFor: null,
    shareUrl: '',
    ...fields,
  };
}
