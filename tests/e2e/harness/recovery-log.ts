/**
 * Fault tests report how long recovery took: printed for the reader of the test output, and appended
 * to test-results/recovery-times.jsonl, which `npm run bench:recovery` turns into BENCHMARKS.md's table.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** EARSHOT_RECOVERY_LOG moves it (`npm run bench:recovery -- --smoke` keeps its records apart). */
export const RECOVERY_LOG = process.env.EARSHOT_RECOVERY_LOG || 'test-results/recovery-times.jsonl';

export interface RecoveryRecord {
  /** What was broken, e.g. "LiveKit server restarted". */
  fault: string;
  /** What "recovered" means here, e.g. "audio heard again in the offscreen engine". */
  until: string;
  /** Measured from the moment named in `from`. */
  ms: number;
  from: string;
  /** Anything else worth knowing about this run (e.g. how long the server was down). */
  note?: string;
}

export function recordRecovery(record: RecoveryRecord): void {
  const note = record.note ? ` (${record.note})` : '';
  console.log(`recovery: ${record.fault}: ${record.until} ${record.ms} ms after ${record.from}${note}`);
  mkdirSync(path.dirname(RECOVERY_LOG), { recursive: true });
  appendFileSync(RECOVERY_LOG, `${JSON.stringify({ ...record, at: new Date().toISOString() })}\n`);
}
