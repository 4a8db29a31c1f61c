/** The channel on which a parse worker says it has begun a task (kept apart so the worker loads no pool code). */
export const PARSE_STARTED_CHANNEL = 'fiscal-extract:parse-started';
