import { describe, expect, it } from 'vitest';
import { selectedIcePath } from '@/utils/engine/ice-path';

/** A getStats() report as Chromium shapes it: a Map of entries by id. */
const report = (...entries: Array<Record<string, unknown>>) =>
  new Map(entries.map((entry) => [entry.id as string, entry])) as unknown as RTCStatsReport;

const transport = { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' };
const pair = { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1' };
const remote = { id: 'R1', type: 'remote-candidate', candidateType: 'host', port: 7881 };

describe('selectedIcePath', () => {
  it('names ICE over TCP', () => {
    const local = { id: 'L1', type: 'local-candidate', candidateType: 'prflx', protocol: 'tcp' };
    expect(selectedIcePath(report(transport, pair, local, remote))).toEqual({
      localCandidateType: 'prflx',
      protocol: 'tcp',
      remoteCandidateType: 'host',
      remotePort: 7881,
    });
  });

  it('names a TURN relay reached over TLS', () => {
    const local = {
      id: 'L1',
      type: 'local-candidate',
      candidateType: 'relay',
      protocol: 'udp',
      relayProtocol: 'tls',
    };
    expect(selectedIcePath(report(transport, pair, local, remote))).toMatchObject({
      localCandidateType: 'relay',
      relayProtocol: 'tls',
    });
  });

  it('is undefined before a pair is selected', () => {
    expect(selectedIcePath(report({ id: 'T01', type: 'transport' }))).toBeUndefined();
  });
});
