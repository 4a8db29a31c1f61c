/** `fiscal-extract serve`: the review app on a local port, the database opened read-only. */
import { serve, type ServerType } from '@hono/node-server';
import { openDatabase } from '../store/db.js';
import { isPostgresUrl } from '../store/pg/store.js';
import { createApp } from './app.js';
import { sqliteReviewStore, type ReviewStore } from './store.js';

export interface ServeOptions {
  /** A SQLite file or a postgres:// URL. */
  dbPath: string;
  host: string;
  port: number;
}

export interface Running {
  url: string;
  close(): Promise<void>;
}

async function openReviewStore(db: string): Promise<ReviewStore> {
  if (isPostgresUrl(db)) {
    const { postgresReviewStore } = await import('./postgres.js');
    return postgresReviewStore(db);
  }
  return sqliteReviewStore(openDatabase(db, { readonly: true }), db);
}

export async function startServer(opts: ServeOptions): Promise<Running> {
  const store = await openReviewStore(opts.dbPath);
  const app = createApp({ store });
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const fail = (e: unknown) => void store.close().finally(() => reject(e));
    try {
      server = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, (info) => {
        resolve({
          url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`,
          close: () => new Promise((done) => server.close(() => void store.close().finally(done))),
        });
      });
      server.on('error', fail);
    } catch (e) {
      fail(e);
    }
  });
}
