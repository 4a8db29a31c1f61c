/** Opening the dataset: WAL journal, foreign keys, and forward migrations to the current schema. */
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

/** The database cannot be used: not SQLite, newer than this version, or not writable. */
export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** `upTo`: migrate only that far (the PostgreSQL dialect is generated from any version's schema). */
export function openDatabase(path: string, opts: { readonly?: boolean; upTo?: number } = {}): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (e) {
    throw new DatabaseError(`cannot open database ${path}: ${(e as Error).message}`);
  }
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // Another ingest on the same database holds the write lock for one document at a time.
    db.pragma('busy_timeout = 30000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new DatabaseError(`database ${path} has schema version ${version}, newer than this fiscal-extract supports (${SCHEMA_VERSION}); upgrade fiscal-extract`);
    }
    const target = opts.upTo ?? SCHEMA_VERSION;
    if (version < target) {
      if (opts.readonly) throw new DatabaseError(`database ${path} has schema version ${version}; run an ingest to migrate it to ${SCHEMA_VERSION}`);
      migrate(db, version, target);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof DatabaseError) throw e;
    throw new DatabaseError(`cannot use database ${path}: ${(e as Error).message}`);
  }
}

function migrate(db: Db, from: number, to: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue;
    // IMMEDIATE, and the version read again inside: another process may have migrated meanwhile.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
