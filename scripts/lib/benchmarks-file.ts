/** Writes one section of BENCHMARKS.md, replacing that section's previous numbers and keeping the others. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = 'BENCHMARKS.md';
const HEADER =
  '# Benchmarks\n\nEvery number here is written by a script; rerun the named command to refresh it.\n';

/** `file` is BENCHMARKS.md unless given (smoke runs write their section to a scratch file instead). */
export function writeBenchmarkSection(title: string, command: string, lines: string[], file = FILE): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const start = `<!-- bench:${title}:start -->`;
  const end = `<!-- bench:${title}:end -->`;
  const section = [start, `## ${title}`, '', `Written by \`${command}\`.`, '', ...lines, end].join('\n');
  const pattern = new RegExp(`${escapeRegExp(start)}[\\s\\S]*?${escapeRegExp(end)}`);
  const next = pattern.test(current)
    ? current.replace(pattern, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
