import { EventEmitter } from 'node:events';
import { ConnectionState, type Room, RoomEvent } from 'livekit-client';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { InboundAudioClock } from '@/utils/engine/inbound-audio-clock';
import { watchReconnecting } from '@/utils/engine/reconnect-watch';

class FakeRoom extends EventEmitter {
  state = ConnectionState.Connected;
  set(state: ConnectionState) {
    this.state = state;
    this.emit(RoomEvent.ConnectionStateChanged, state);
  }
}

function watch(silentForMs: number) {
  const room = new FakeRoom();
  const giveUp = vi.fn();
  const audio = { silentForMs };
  const stop = watchReconnecting(room as unknown as Room, {
    graceMs: 3_000,
    stalledMs: 700,
    audioSilentForMs: () => audio.silentForMs,
    giveUp,
  });
  return { room, giveUp, stop, audio };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('gives LiveKit its grace to resume while audio still flows', () => {
  const { room, giveUp } = watch(200);
  room.set(ConnectionState.SignalReconnecting);
  vi.advanceTimersByTime(2_900);
  expect(giveUp).not.toHaveBeenCalled();
  room.set(ConnectionState.Reconnecting);
  vi.advanceTimersByTime(100);
  expect(giveUp).toHaveBeenCalledOnce();
  vi.advanceTimersByTime(5_000);
  expect(giveUp).toHaveBeenCalledOnce();
});

it('gives up as soon as the audio stops while reconnecting', () => {
  const { room, giveUp, audio } = watch(100);
  room.set(ConnectionState.SignalReconnecting);
  vi.advanceTimersByTime(500);
  expect(giveUp).not.toHaveBeenCalled();
  audio.silentForMs = 700;
  vi.advanceTimersByTime(100);
  expect(giveUp).toHaveBeenCalledOnce();
});

it('does nothing when LiveKit gets back within the grace', () => {
  const { room, giveUp } = watch(200);
  room.set(ConnectionState.Reconnecting);
  vi.advanceTimersByTime(500);
  room.set(ConnectionState.Connected);
  vi.advanceTimersByTime(5_000);
  expect(giveUp).not.toHaveBeenCalled();
});

it('gives up at once when audio had already stopped for the stall time', () => {
  const { room, giveUp } = watch(2_500);
  room.set(ConnectionState.Reconnecting);
  expect(giveUp).toHaveBeenCalledOnce();
});

it('waits the grace when no audio ever arrived (a silent room says nothing about the media path)', () => {
  const { room, giveUp } = watch(Number.POSITIVE_INFINITY);
  room.set(ConnectionState.Reconnecting);
  vi.advanceTimersByTime(2_900);
  expect(giveUp).not.toHaveBeenCalled();
  vi.advanceTimersByTime(100);
  expect(giveUp).toHaveBeenCalledOnce();
});

it('stops watching when asked', () => {
  const { room, giveUp, stop } = watch(200);
  room.set(ConnectionState.Reconnecting);
  stop();
  vi.advanceTimersByTime(5_000);
  expect(giveUp).not.toHaveBeenCalled();
});

it('the inbound clock counts growth only, and a smaller total (new receivers) as no growth', () => {
  let now = 0;
  const clock = new InboundAudioClock(() => now);
  expect(clock.silentForMs()).toBe(Number.POSITIVE_INFINITY);
  clock.sample(10);
  now = 400;
  clock.sample(10);
  expect(clock.silentForMs()).toBe(400);
  now = 500;
  clock.sample(3);
  expect(clock.silentForMs()).toBe(500);
  now = 600;
  clock.sample(4);
  expect(clock.silentForMs()).toBe(0);
});
