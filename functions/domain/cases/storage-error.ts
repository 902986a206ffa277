/**
 * A storage, queue or mail dependency failed. Adapters wrap every SDK error in it, so the domain and handlers
 * can tell "try again later" (503) apart from a bug in our own code (500) without knowing AWS error types.
 */
export class StorageError extends Error {
  constructor(readonly step: string, options: { cause: unknown }) {
    super(`${step} failed: ${(options.cause as Error)?.name ?? 'unknown error'}`, options);
    this.name = 'StorageError';
  }
}
