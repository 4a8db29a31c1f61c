/** What the commands' options accept, shared by every command that takes them. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A problem with the command itself (arguments, database), not with an input file. */
export class FatalError extends Error {}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new FatalError(`expected a positive whole number, got "${value}"`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new FatalError(`expected a whole number, 0 or more, got "${value}"`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new FatalError(`expected a positive number, got "${value}"`);
  return n;
}

/** Below this a parser thread cannot load its code, and every file would fail alike. */
export const MIN_MEMORY_MB = 64;

export function memoryCeiling(value: string): number {
  const n = positiveInt(value);
  if (n < MIN_MEMORY_MB) throw new FatalError(`--max-memory must be at least ${MIN_MEMORY_MB} (MB), got ${n}`);
  return n;
}

export function nonNegativeSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new FatalError(`expected a number of seconds, got "${value}"`);
  return n;
}

/** Where a machine caches crawled bodies between crawls of a PostgreSQL dataset (raw_files holds them for all). */
export const MACHINE_RAW_DIR = join(homedir(), '.cache', 'fiscal-extract', 'raw');

/** `--since`: a run's id (runs.id), or a date or instant in ISO 8601 (UTC unless it gives an offset). */
export function runOrInstant(value: string): number | string {
  if (/^\d+$/.test(value)) return positiveInt(value);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ]((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  const [day, time = '00:00', zone = 'Z'] = iso?.slice(1) ?? [];
  // A date alone, or a time without a zone, is read as UTC (JavaScript would read the latter as local).
  const at = day ? Date.parse(`${day}T${time}${zone}`) : NaN;
  // Date.parse rolls 2026-02-30 over to March: a day that is not on the calendar is refused.
  const onCalendar = !Number.isNaN(at) && new Date(`${day}T00:00Z`).toISOString().slice(0, 10) === day;
  if (!onCalendar) throw new FatalError(`--since takes a run id (see the runs table) or a date/time such as 2026-12-04 or 2026-12-04T02:00:00+08:00, not "${value}"`);
  return new Date(at).toISOString();
}
