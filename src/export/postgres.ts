/** export from a PostgreSQL dataset: the same queries, numbered parameters, no internal rowid. */
import { connectReadOnly } from '../store/pg/store.js';
import type { ExportSource } from './index.js';

export async function postgresSource(url: string): Promise<ExportSource & { close(): Promise<void> }> {
  const client = await connectReadOnly(url, 'export');
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    runStartedAt: async (id) => (await client.query<{ started_at: string }>('SELECT started_at FROM runs WHERE id = $1', [id])).rows[0]?.started_at,
    rows: async (sql, params) => {
      const r = await client.query(numbered(sql), params);
      // rowid is PostgreSQL's stand-in for SQLite's hidden one: not part of the dataset.
      const columns = r.fields.map((f) => f.name).filter((c) => c !== 'rowid');
      const rows = r.rows.map((row: Record<string, unknown>) => {
        delete row['rowid'];
        return row;
      });
      return { columns, rows };
    },
    close: () => client.end(),
  };
}
