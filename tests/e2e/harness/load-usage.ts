/** CPU time and memory of processes, read from /proc (Linux), sampled over a load window. */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks: number | undefined;
/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcessReading {
  /** User + system CPU time so far, in ms. */
  cpuMs: number;
  /** Resident memory now, in bytes. */
  rssBytes: number;
}

/** Undefined when the process is gone. */
export function readProcess(pid: number): ProcessReading | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / ticksPerSecond(), rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/** The pid of the process whose command line contains every one of `parts`, if exactly one does. */
export function findProcess(parts: string[]): number | undefined {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (parts.every((part) => cmdline.includes(part))) found.push(Number(entry));
  }
  return found.length === 1 ? found[0] : undefined;
}

export interface UsageSummary {
  /** Mean CPU over the window, in % of one core (200 % = both cores of a 2-core machine). */
  cpuPercent: number;
  /** The highest one-second CPU reading, in % of one core. */
  peakCpuPercent: number;
  /** Resident memory, mean and highest over the window, in MB. */
  meanRssMb: number;
  peakRssMb: number;
}

export interface UsageSampler {
  /** Stops sampling; one summary per group name. */
  stop(): Record<string, UsageSummary>;
}

/**
 * Samples the given groups of processes (each group summed: e.g. all listener workers) every
 * `intervalMs` until stopped. A process that exits mid-window stops counting.
 */
export function sampleUsage(groups: Record<string, number[]>, intervalMs = 1000): UsageSampler {
  const names = Object.keys(groups);
  const read = () =>
    Object.fromEntries(
      names.map((name) => {
        const readings = groups[name]!.map(readProcess).filter((r): r is ProcessReading => !!r);
        return [
          name,
          {
            cpuMs: readings.reduce((sum, r) => sum + r.cpuMs, 0),
            rssBytes: readings.reduce((sum, r) => sum + r.rssBytes, 0),
          },
        ];
      }),
    ) as Record<string, ProcessReading>;
  const first = { at: performance.now(), readings: read() };
  let previous = first;
  const peaks = Object.fromEntries(names.map((name) => [name, { cpu: 0, rss: 0, rssSum: 0, samples: 0 }]));
  const take = () => {
    const now = { at: performance.now(), readings: read() };
    const elapsed = now.at - previous.at;
    for (const name of names) {
      const peak = peaks[name]!;
      const cpu = ((now.readings[name]!.cpuMs - previous.readings[name]!.cpuMs) / elapsed) * 100;
      peak.cpu = Math.max(peak.cpu, cpu);
      peak.rss = Math.max(peak.rss, now.readings[name]!.rssBytes);
      peak.rssSum += now.readings[name]!.rssBytes;
      peak.samples += 1;
    }
    previous = now;
  };
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const elapsed = previous.at - first.at;
      return Object.fromEntries(
        names.map((name) => {
          const peak = peaks[name]!;
          const cpuMs = previous.readings[name]!.cpuMs - first.readings[name]!.cpuMs;
          return [
            name,
            {
              cpuPercent: elapsed > 0 ? (cpuMs / elapsed) * 100 : 0,
              peakCpuPercent: peak.cpu,
              meanRssMb: peak.rssSum / Math.max(1, peak.samples) / 2 ** 20,
              peakRssMb: peak.rss / 2 ** 20,
            },
          ];
        }),
      );
    },
  };
}
