/** Small helpers the benchmarks share to summarise timings and say where they ran. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** The value at percentile `p` of `sorted` (ascending), nearest rank. */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** The 1-minute, 5-minute and 15-minute load averages, as /proc/loadavg has them. */
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** CPU count and model, memory and Node version, for a section's "Measured on" line. */
export const machineSummary = () =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
