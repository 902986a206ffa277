import { StorageError } from '../../domain/cases/storage-error.ts';

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

/**
 * The item a failed conditional write found (asked for with ReturnValuesOnConditionCheckFailure: 'ALL_OLD'), in
 * DynamoDB's own attribute-value form: the document client does not unmarshall errors.
 */
export function conditionFailureItem(error: unknown): Record<string, { S?: string; N?: string }> | undefined {
  return ((error as Error).cause as { Item?: Record<string, { S?: string; N?: string }> } | undefined)?.Item;
}
