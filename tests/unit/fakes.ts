/** Test doubles for the hub's collaborators. The real ones are exercised end to end in tests/e2e. */
import { createAccountService } from '@/utils/background/account-service';
import type { EngineHost } from '@/utils/background/engine-host';
import { type BackgroundHubDeps, createBackgroundHub } from '@/utils/background/hub';
import type {
  HandRaise,
  JoinGrant,
  NewRoom,
  NewSession,
  Profile,
  RoomsApi,
} from '@/utils/background/rooms-api';
import type {
  EngineAnswerOf,
  EngineCommand,
  EngineCommandOf,
  EngineCommandType,
} from '@/utils/protocol/engine-protocol';
import type { EngineSnapshot, LiveHosts } from '@/utils/protocol/session-state';
import { accountItem, sessionStateItem } from '@/utils/storage/settings';
import type { RoomSummary } from '@/wire/room-summary';
import type { FeedSite, SiteHandle } from '@/wire/sites';

export function room(id: string, title = `Room ${id}`): RoomSummary {
  return {
    id,
    title,
    description: '',
    language: null,
    hostName: 'Ada',
    hostUsername: 'ada',
    state: 'live',
    listenerCount: 3,
    speakerCount: 1,
    startedAt: '2026-11-25T10:00:00Z',
    scheduledFor: null,
    shareUrl: `http://127.0.0.1:8787/r/${id}`,
  };
}

/** A rooms service in memory: enough behaviour for the hub's logic; the real one is tested in tests/server. */
export class FakeRoomsApi implements RoomsApi {
  rooms: RoomSummary[] = [room('r1'), room('r2')];
  failListen: string | null = null;
  /** HTTP status of the failure, when failListen is set. */
  failStatus = 0;
  listenCalls: string[] = [];
  lookups: string[][] = [];
  /** What the hub asked of the service, in order (stage actions, follows, ...). */
  calls: string[] = [];
  tokensSeen: Array<string | null> = [];
  accounts = new Map<string, { password: string; profile: Profile }>();
  follows = new Set<string>();
  constructor(private readonly token: () => Promise<string | null> = async () => null) {}

  async listRooms() {
    return this.rooms;
  }
  async directory() {
    this.tokensSeen.push(await this.token());
    return { live: this.rooms.filter((r) => this.follows.has(r.hostUsername ?? '')), upcoming: [] };
  }
  async lookupRooms(ids: string[]) {
    this.lookups.push(ids);
    return this.rooms.filter((r) => ids.includes(r.id));
  }
  async liveLookup(handles: SiteHandle[]) {
    return handles
      .filter((h) => h.site === 'x' && h.handle === 'ada')
      .map((h) => ({ ...h, room: this.rooms[0]! }));
  }
  /** Sites asked for their live hosts, in order. */
  liveHostsAsked: FeedSite[] = [];
  /** When set, `liveHosts` fails with it (after the pause). */
  failLiveHosts: Error | null = null;
  /** How long `liveHosts` takes to answer, in ms. */
  liveHostsDelayMs = 0;
  async liveHosts(site: FeedSite): Promise<LiveHosts> {
    this.liveHostsAsked.push(site);
    if (this.liveHostsDelayMs) await new Promise((resolve) => setTimeout(resolve, this.liveHostsDelayMs));
    if (this.failLiveHosts) throw this.failLiveHosts;
    const call = this.liveHostsAsked.length;
    return {
      hosts: site === 'x' ? [{ handle: 'ada', room: { ...this.rooms[0]!, listenerCount: call } }] : [],
      truncated: false,
    };
  }
  /** Session tokens `followedLiveHostsOnX` was called with, in order. */
  followedXAsked: Array<string | null> = [];
  /** The viewer's own X list: recorded, then answered as `liveHosts('x')` (also recorded there). */
  async followedLiveHostsOnX(): Promise<LiveHosts> {
    this.followedXAsked.push(await this.token());
    return this.liveHosts('x');
  }
  async join(roomId: string): Promise<JoinGrant> {
    this.listenCalls.push(roomId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failListen) throw Object.assign(new Error(this.failListen), { status: this.failStatus });
    const found = this.rooms.find((r) => r.id === roomId);
    if (!found) throw new Error('Room not found');
    return { url: 'ws://127.0.0.1:7880', token: `token-for-${roomId}`, role: 'listener', room: found };
  }
  private session(profile: Profile): NewSession {
    return {
      account: profile,
      session: { token: `session-${profile.username}`, expiresAt: '2099-01-01T00:00:00Z' },
    };
  }
  async signUp(input: { username: string; password: string; displayName?: string }) {
    if (this.accounts.has(input.username)) throw new Error('That username is taken');
    const profile = {
      id: `id-${input.username}`,
      username: input.username,
      displayName: input.displayName ?? input.username,
      avatarUrl: null,
    };
    this.accounts.set(input.username, { password: input.password, profile });
    return this.session(profile);
  }
  async signIn(input: { username: string; password: string }) {
    const account = this.accounts.get(input.username);
    if (!account || account.password !== input.password) throw new Error('Wrong username or password');
    return this.session(account.profile);
  }
  async signOut() {
    this.calls.push(`sign-out ${await this.token()}`);
  }
  async me(): Promise<Profile> {
    throw new Error('not used');
  }
  async searchAccounts(prefix: string) {
    return [...this.accounts.values()].map((a) => a.profile).filter((p) => p.username.startsWith(prefix));
  }
  async following() {
    return [...this.follows].map((username) => ({ id: `id-${username}`, username, displayName: username }));
  }
  async follow(username: string, following: boolean) {
    if (following) this.follows.add(username);
    else this.follows.delete(username);
  }
  async createRoom(input: NewRoom) {
    const created = {
      ...room(`new${this.rooms.length}`, input.title),
      state: input.scheduledFor ? ('scheduled' as const) : ('live' as const),
      scheduledFor: input.scheduledFor ?? null,
    };
    this.rooms.push(created);
    return created;
  }
  async startRoom(roomId: string) {
    this.calls.push(`start ${roomId}`);
    return this.rooms.find((r) => r.id === roomId)!;
  }
  async endRoom(roomId: string) {
    this.calls.push(`end ${roomId}`);
  }
  async setHandRaised(roomId: string, raised: boolean) {
    this.calls.push(`hand ${roomId} ${raised}`);
  }
  async handRaises(): Promise<HandRaise[]> {
    return [{ accountId: 'id-bob', username: 'bob', displayName: 'Bob', raisedAt: '2026-11-25T10:00:00Z' }];
  }
  async setOnStage(roomId: string, accountId: string, onStage: boolean) {
    this.calls.push(`stage ${roomId} ${accountId} ${onStage}`);
  }
  async muteSpeaker(roomId: string, accountId: string) {
    this.calls.push(`mute ${roomId} ${accountId}`);
  }
  async setCohost(roomId: string, accountId: string, on: boolean) {
    this.calls.push(`cohost ${roomId} ${accountId} ${on}`);
  }
  async removeParticipant(roomId: string, accountId: string) {
    this.calls.push(`remove ${roomId} ${accountId}`);
  }
  async react(roomId: string, emoji: string) {
    this.calls.push(`react ${roomId} ${emoji}`);
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
  async send<T extends EngineCommandType>(sent: EngineCommandOf<T>): Promise<EngineAnswerOf<T>> {
    const command = sent as EngineCommand;
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
    return this.snapshot() as EngineAnswerOf<T>;
  }
}

/**
 * A background hub over fakes: the account and the session kept in the fake browser's storage, no views to tell,
 * no microphone page. `deps` replaces any of its collaborators (an engine, views that record broadcasts, a clock).
 */
export function createTestHub(api: RoomsApi = new FakeRoomsApi(), deps: Partial<BackgroundHubDeps> = {}) {
  const account = createAccountService(() => api, {
    load: () => accountItem.getValue(),
    save: (value) => accountItem.setValue(value),
  });
  return createBackgroundHub({
    engine: new FakeEngineHost(),
    api,
    account,
    store: { load: () => sessionStateItem.getValue(), save: (s) => sessionStateItem.setValue(s) },
    broadcast: () => undefined,
    announceReaction: () => undefined,
    openMicrophonePage: async () => undefined,
    preferredMicrophone: async () => undefined,
    ...deps,
  });
}
