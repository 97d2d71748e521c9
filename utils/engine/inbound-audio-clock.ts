/**
 * When inbound audio last grew: fed with the total of RTP packets received on the remote audio tracks,
 * sampled now and then. A smaller total than before means new receivers (a rejoin), not growth.
 */
export class InboundAudioClock {
  private lastTotal = 0;
  private lastGrowthAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = () => performance.now()) {}

  sample(totalPackets: number): void {
    if (totalPackets > this.lastTotal) this.lastGrowthAt = this.now();
    this.lastTotal = totalPackets;
  }

  /** Milliseconds since the total last grew; Infinity when it never has. */
  silentForMs(): number {
    return this.now() - this.lastGrowthAt;
  }
}
