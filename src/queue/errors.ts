/** A usage error of the queue commands (no PostgreSQL URL, nothing to schedule); kept apart from pg-boss so raising it loads nothing. */
export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}
