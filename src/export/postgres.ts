/** export from a PostgreSQL dataset: the same queries, numbered parameters, no internal rowid. */
import { checkDataset, connectReadOnly, numbered, withoutRowid } from '../store/pg/store.js';
import type { ExportSource } from './index.js';

export async function postgresSource(url: string): Promise<ExportSource & { close(): Promise<void> }> {
  const client = await connectReadOnly(url, 'export');
  try {
    await checkDataset(client, url);
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
  return {
    runStartedAt: async (id) => (await client.query<{ started_at: string }>('SELECT started_at FROM runs WHERE id = $1', [id])).rows[0]?.started_at,
    rows: async (sql, params) => withoutRowid(await client.query(numbered(sql), params)),
    close: () => client.end(),
  };
}
