/** A job that can never succeed (its case or form is gone): retrying cannot help, it belongs in the dead-letter queue. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}
