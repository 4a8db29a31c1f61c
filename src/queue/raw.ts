/**
 * Raw bytes every worker reaches: content-addressed in the dataset's PostgreSQL database
 * (raw_files), so a parse job needs nothing but the database URL and the file's sha256.
 */
import { RawStore } from '../crawl/raw-store.js';
import type { PgPool } from '../store/pg/store.js';

export async function putRaw(pool: PgPool, bytes: Uint8Array, name: string): Promise<string> {
  const sha256 = RawStore.sha256(bytes);
  await pool.query('INSERT INTO raw_files (sha256, name, bytes, stored_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [sha256, name, Buffer.from(bytes), new Date().toISOString()]);
  return sha256;
}

export async function getRaw(pool: PgPool, sha256: string): Promise<Uint8Array | null> {
  const r = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM raw_files WHERE sha256 = $1', [sha256]);
  return r.rows[0] ? new Uint8Array(r.rows[0].bytes) : null;
}
