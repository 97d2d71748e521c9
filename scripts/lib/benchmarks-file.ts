/** Writes one section of BENCHMARKS.md, replacing that section's previous numbers and keeping the others. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = 'BENCHMARKS.md';
const HEADER =
  '# Benchmarks\n\nEvery number here is written by a script; rerun the named command to refresh it.\n';

export function writeBenchmarkSection(title: string, command: string, lines: string[]): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const start = `<!-- bench:${title}:start -->`;
  const end = `<!-- bench:${title}:end -->`;
  const section = [start, `## ${title}`, '', `Written by \`${command}\`.`, '', ...lines, end].join('\n');
  const pattern = new RegExp(`${escapeRegExp(start)}[\\s\\S]*?${escapeRegExp(end)}`);
  const next = pattern.test(current)
    ? current.replace(pattern, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, next);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
