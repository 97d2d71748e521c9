/** Test doubles for the hub's collaborators. The real ones are exercised end to end in tests/e2e. */
import type { EngineHost } from '@/utils/engine-host';
import type { EngineCommand, HostHandle } from '@/utils/messages';
import type { ListenGrant, RoomsApi } from '@/utils/rooms-api';
import type { EngineSnapshot, RoomSummary } from '@/utils/session-state';

export function room(id: string, title = `Room ${id}`): RoomSummary {
  return { id, title, hostName: 'Ada', listenerCount: 3, speakerCount: 1, startedAt: '2026-11-25T10:00:00Z' };
}

export class FakeRoomsApi implements RoomsApi {
  rooms: RoomSummary[] = [room('r1'), room('r2')];
  failListen: string | null = null;
  listenCalls: string[] = [];
  lookups: string[][] = [];
  async listRooms() {
    return this.rooms;
  }
  async lookupRooms(ids: string[]) {
    this.lookups.push(ids);
    return this.rooms.filter((r) => ids.includes(r.id));
  }
  async liveLookup(handles: HostHandle[]) {
    return handles
      .filter((h) => h.site === 'x' && h.handle === 'ada')
      .map((h) => ({ ...h, room: this.rooms[0]! }));
  }
  async listen(roomId: string): Promise<ListenGrant> {
    this.listenCalls.push(roomId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failListen) throw new Error(this.failListen);
    const found = this.rooms.find((r) => r.id === roomId);
    if (!found) throw new Error('Room not found');
    return { url: 'ws://127.0.0.1:7880', token: `token-for-${roomId}`, room: found };
  }
}

/** An engine that connects instantly and records what it was told. */
export class FakeEngineHost implements EngineHost {
  running = false;
  ensureCalls = 0;
  closeCalls = 0;
  commands: EngineCommand[] = [];
  connectedRoom: string | null = null;
  failConnect: string | null = null;
  microphoneError: string | null = null;
  micEnabled = false;

  async ensure() {
    this.ensureCalls++;
    this.running = true;
  }
  async exists() {
    return this.running;
  }
  async close() {
    this.closeCalls++;
    this.running = false;
    this.connectedRoom = null;
  }
  snapshot(): EngineSnapshot {
    return {
      status: this.connectedRoom ? 'connected' : 'idle',
      roomId: this.connectedRoom,
      speakers: this.connectedRoom
        ? [
            {
              identity: 'host-1',
              name: 'Ada',
              isSpeaking: true,
              isLocal: false,
              isMuted: false,
              role: 'host',
            },
          ]
        : [],
      listenerCount: this.connectedRoom ? 4 : 0,
      local: this.connectedRoom
        ? { identity: 'listener-1', role: 'speaker', canPublish: true, micEnabled: this.micEnabled }
        : null,
      endedReason: null,
    };
  }
  async send<T>(command: EngineCommand): Promise<T> {
    if (!this.running) throw new Error(`${command.type}: the audio engine is not running`);
    this.commands.push(command);
    if (command.type === 'engine:connect') {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (this.failConnect) throw new Error(this.failConnect);
      this.connectedRoom = command.roomId;
    }
    if (command.type === 'engine:disconnect') this.connectedRoom = null;
    if (command.type === 'engine:microphone') {
      if (this.microphoneError) throw new Error(this.microphoneError);
      this.micEnabled = command.enabled;
    }
    return this.snapshot() as T;
  }
}
