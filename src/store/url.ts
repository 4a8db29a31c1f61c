/** What a --db value names, and how to show it: kept apart from the PostgreSQL driver so the CLI can decide without loading it. */

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** A URL for messages: the password left out. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // libpq's other place for it: ?password=…
    for (const key of [...u.searchParams.keys()]) if (key.toLowerCase() === 'password') u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
