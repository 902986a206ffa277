import { StorageError } from '../cases/storage-error.ts';

/** Runs one AWS call and turns any failure into a StorageError naming the step (never the data). */
export async function guard<T>(step: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StorageError(step, { cause: error });
  }
}
