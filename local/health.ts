import { relative } from 'node:path';
import { isPublicForm, type FormCatalog, type Refusal } from '../functions/domain/forms/catalog.ts';

/** A refused pack (no formId) or form, as /health and the start banner name it: the file relative to the forms folder. */
export interface RefusalReport {
  readonly agencyId: string;
  readonly formId?: string;
  readonly file: string;
  readonly reason: string;
}

export interface HealthReport {
  /** `degraded`: the stack serves, but some agency or form is refused until its pack is fixed (see `refused`). */
  readonly status: 'ok' | 'degraded';
  readonly refused: readonly RefusalReport[];
}

export function refusalReports(catalog: FormCatalog, formsDir: string): RefusalReport[] {
  return catalog.refused().map(({ agencyId, formId, file, reason }: Refusal) => ({ agencyId, ...(formId ? { formId } : {}), file: relative(formsDir, file) || file, reason }));
}

/**
 * What GET /health says about the forms. Degraded still answers 200: a load balancer or orchestrator that took the
 * stack out on a 503 would take down every agency's working forms for one broken file, which restarting cannot fix.
 * The on-call person reads `status` and `refused` (and, in AWS, the FormRefused alarm).
 */
export function healthReport(catalog: FormCatalog, formsDir: string): HealthReport {
  const refused = refusalReports(catalog, formsDir);
  return { status: refused.length > 0 ? 'degraded' : 'ok', refused };
}

export interface AgencyListing {
  readonly id: string;
  readonly name: string;
  /** The intake page of each public form, the agency's `intake` form first. */
  readonly intakeUrls: readonly string[];
}

export function agencyListings(catalog: FormCatalog, baseUrl: string): AgencyListing[] {
  return catalog.agencies().map(({ agency, forms }) => ({
    id: agency.id,
    name: agency.name,
    intakeUrls: [...forms.values()].filter(isPublicForm).map((form) => form.formId)
      .sort((a, b) => Number(b === 'intake') - Number(a === 'intake') || a.localeCompare(b))
      .map((formId) => `${baseUrl}/intake/${agency.id}/${formId}`),
  }));
}

/** The start banner's lines about the forms: every agency with its intake pages, then every refusal with its reason. */
export function formsBanner(agencies: readonly AgencyListing[], refused: readonly RefusalReport[]): string {
  const lines = ['Agencies'];
  for (const { id, name, intakeUrls } of agencies) {
    lines.push(`  ${id}  ${name}`);
    for (const url of intakeUrls) lines.push(`    ${url}`);
    if (intakeUrls.length === 0) lines.push('    (no public form)');
  }
  if (refused.length > 0) {
    lines.push('', `REFUSED (${refused.length}): these did not load; /health says degraded until the pack is fixed`);
    for (const { agencyId, formId, file, reason } of refused) {
      lines.push(`  ${formId ? `${agencyId}/${formId}` : `${agencyId} (whole agency)`}  ${file}: ${reason}`);
    }
  }
  return lines.join('\n');
}
