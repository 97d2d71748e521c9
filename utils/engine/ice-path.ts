/**
 * Which network path carries a WebRTC connection: the selected ICE candidate pair of its transport, read
 * from a getStats() report (a receiver's report includes its transport and candidates). Lets tests and
 * diagnostics tell UDP, ICE over TCP and TURN relays (and the relay's own protocol) apart.
 */
import type { IcePath } from '@/utils/protocol/session-state';

type StatsEntry = Record<string, unknown> & { type: string; id: string };

export function selectedIcePath(report: RTCStatsReport): IcePath | undefined {
  let pairId: string | undefined;
  report.forEach((entry: StatsEntry) => {
    if (entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string') {
      pairId = entry.selectedCandidatePairId;
    }
  });
  const pair = pairId ? (report.get(pairId) as StatsEntry | undefined) : undefined;
  const local = pair ? (report.get(String(pair.localCandidateId)) as StatsEntry | undefined) : undefined;
  const remote = pair ? (report.get(String(pair.remoteCandidateId)) as StatsEntry | undefined) : undefined;
  if (!local || !remote) return undefined;
  return {
    localCandidateType: String(local.candidateType),
    protocol: String(local.protocol),
    ...(typeof local.relayProtocol === 'string' ? { relayProtocol: local.relayProtocol } : {}),
    remoteCandidateType: String(remote.candidateType),
    remotePort: Number(remote.port),
  };
}
