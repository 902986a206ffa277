import { logger } from './logger.ts';
import { countOutcome } from './metrics.ts';

/**
 * A form or pack that did not load, told to the on-call person: an error log line and a FormRefused count (infra
 * alarms on it). Only the ids, the file and the check's words: pack files hold no client data.
 */
/** What a refusal names: ids and the file, never content (forms/catalog.ts's Refusal satisfies it). */
export interface RefusalFacts {
  readonly agencyId: string;
  readonly formId?: string | undefined;
  readonly file: string;
  readonly reason: string;
}

export function reportRefusal({ agencyId, formId, file, reason }: RefusalFacts): void {
  const ids = { agencyId, ...(formId ? { formId } : {}), file, reason };
  logger.error(formId ? 'form refused' : 'agency pack refused', ids);
  countOutcome('FormRefused', 'refused', { ids: { ...ids, scope: formId ? 'form' : 'pack' } });
}
