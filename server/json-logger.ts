/**
 * Production logs: one JSON object per line on stdout (`{"time","level","msg",…}`), which journald,
 * Docker and log shippers keep as one record each and can filter by field.
 */
import type { Logger, RequestLogEntry } from './app.ts';

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface JsonLogger extends Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  request(entry: RequestLogEntry): void;
}

export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
): JsonLogger {
  const log = (level: string, msg: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  return {
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    request: (entry) => log('info', 'request', { ...entry }),
  };
}
