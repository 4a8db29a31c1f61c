/**
 * Faults of the place the database lives — a full disk, an I/O error, a file that cannot be
 * written, a lock held too long — as opposed to faults of a document or of our code. A document
 * is never stored as failed for one: the batch stops, what was stored stays, and a re-run with
 * the fault fixed reads the files that were not stored.
 */

/** SQLite's result codes (and their extended forms, SQLITE_IOERR_WRITE …) that are the machine's. */
const MACHINE = /^SQLITE_(?:FULL|IOERR|READONLY|CANTOPEN|NOMEM|CORRUPT|NOTADB|BUSY|LOCKED|PROTOCOL|PERM|AUTH)(?:_|$)/;

const CAUSES: [RegExp, string][] = [
  [/^SQLITE_FULL/, 'the disk holding the database is full'],
  [/^SQLITE_(?:READONLY|PERM|AUTH)/, 'the database file cannot be written'],
  [/^SQLITE_CANTOPEN/, 'the database file cannot be opened'],
  [/^SQLITE_NOMEM/, 'SQLite ran out of memory'],
  [/^SQLITE_(?:CORRUPT|NOTADB)/, 'the database file is damaged'],
  [/^SQLITE_(?:BUSY|LOCKED|PROTOCOL)/, 'another process held the database locked for too long'],
  [/^SQLITE_IOERR/, 'writing the database failed'],
];

export class StorageFault extends Error {
  constructor(
    readonly code: string,
    /** The fault in words, without the code. */
    readonly problem: string,
    /** Where it struck and what it left, in words. */
    context?: string,
  ) {
    super(`${problem} (${code})${context ? ` ${context}` : ''}`);
    this.name = 'StorageFault';
  }
}

/**
 * PostgreSQL's SQLSTATE classes that are the server's or the network's: 08 connection, 53
 * insufficient resources (53100 disk full), 57 operator intervention, 58 system error; and
 * Node's errors for a connection that is refused, reset or cut.
 */
const PG_MACHINE: [RegExp, string][] = [
  [/^53100$/, 'the disk holding the PostgreSQL database is full'],
  [/^53/, 'the PostgreSQL server ran out of resources'],
  [/^(?:08|57)|^E(?:CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH)$/, 'the connection to PostgreSQL was lost'],
  [/^58/, 'the PostgreSQL server could not write'],
];

/** The fault `e` is, if it is the machine's; null for anything else (a bug, a refused row). */
export function storageFault(e: unknown): StorageFault | null {
  if (e instanceof StorageFault) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (MACHINE.test(code)) return new StorageFault(code, CAUSES.find(([re]) => re.test(code))![1]);
  const pg = PG_MACHINE.find(([re]) => re.test(code));
  return pg ? new StorageFault(code, pg[1]) : null;
}
