import type { Refusal } from '../forms/catalog.ts';
import { logger } from './logger.ts';
import { countOutcome } from './metrics.ts';

/**
 * A form or pack that did not load, told to the on-call person: an error log line and a FormRefused count (infra
 * alarms on it). Only the ids, the file and the check's words: pack files hold no client data.
 */
export function reportRefusal({ agencyId, formId, file, reason }: Refusal): void {
  const ids = { agencyId, ...(formId ? { formId } : {}), file, reason };
  logger.error(formId ? 'form refused' : 'agency pack refused', ids);
  countOutcome('FormRefused', 'refused', { ids: { ...ids, scope: formId ? 'form' : 'pack' } });
}
