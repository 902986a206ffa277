import type { Form } from '../forms/catalog.ts';
import type { ScoringAnnotation } from '../forms/scoring.ts';
import { CASEFORMS_KEYWORD } from '../forms/validator.ts';

/**
 * The `scoring` annotation a form declares. Form keeps only the compiled scorer; score trends also need what the
 * annotation says about the scale (its bands), so it is read from the schema. Kept apart from score-trends.ts so
 * that module stays free of the form machinery.
 */
export function declaredScoring(form: Pick<Form, 'schema'> | undefined): ScoringAnnotation | undefined {
  const annotation = form?.schema[CASEFORMS_KEYWORD];
  if (typeof annotation !== 'object' || annotation === null || !('scoring' in annotation)) return undefined;
  return annotation.scoring as ScoringAnnotation;
}
