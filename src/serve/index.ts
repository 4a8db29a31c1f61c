/** `fiscal-extract serve`: the review app on a local port, the database opened read-only. */
import { serve, type ServerType } from '@hono/node-server';
import { openDatabase } from '../store/db.js';
import { createApp } from './app.js';

export interface ServeOptions {
  dbPath: string;
  host: string;
  port: number;
}

export interface Running {
  url: string;
  close(): Promise<void>;
}

export function startServer(opts: ServeOptions): Promise<Running> {
  const db = openDatabase(opts.dbPath, { readonly: true });
  const app = createApp({ db, dbPath: opts.dbPath });
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, (info) => {
        resolve({
          url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`,
          close: () => new Promise((done) => server.close(() => (db.close(), done()))),
        });
      });
      server.on('error', (e) => {
        db.close();
        reject(e);
      });
    } catch (e) {
      db.close();
      reject(e);
    }
  });
}
