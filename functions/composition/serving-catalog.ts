import type { Config } from '../contracts/config.ts';
import { loadCatalog, type FormCatalog } from '../domain/forms/catalog.ts';
import { reportRefusal } from '../observability/refusals.ts';

/**
 * The agencies' forms as a function serves them: a broken form, or a broken pack, is logged, counted (FormRefused,
 * which infra alarms on) and left out; the other forms and agencies keep serving.
 */
export function servingCatalog(config: Pick<Config, 'formsDir'>): FormCatalog {
  return loadCatalog(config.formsDir, (_, refusal) => reportRefusal(refusal));
}
