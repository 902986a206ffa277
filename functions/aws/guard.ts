import { StorageError } from '../cases/storage-error.ts';

/** Runs one AWS call and turns any failure into a StorageError naming the step (never the data). */
export async function guard<T>(step: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StorageError(step, { cause: error });
  }
}

/** A conditional write that found its condition false, as guard() wraps it. */
export function isConditionFailure(error: unknown): boolean {
  return ((error as Error).cause as Error | undefined)?.name === 'ConditionalCheckFailedException';
}
