import { appendPointer } from '../../contracts/json-pointer.ts';
import { schemaFields, type SchemaField } from './schema-fields.ts';

type Json = Readonly<Record<string, unknown>>;

/** A warning at a pointer of agency.json (the caller adds the file). */
export interface RouteWarning {
  readonly pointer: string;
  readonly message: string;
}

/** A staff form that records consent to release information, with the provider ids its field offers (if it lists them). */
export interface ConsentForm {
  readonly formId: string;
  readonly offers: ReadonlySet<string> | undefined;
}

/**
 * Route names that go to staff alone (delivery/routing.ts withholds them from clients and providers as
 * `not-for-alerts` / `staff-only`); kept equal to the code by test/unit/lint-provider-routes.test.ts.
 */
export const STAFF_ONLY_ROUTES: readonly string[] = ['risk-alert', 'review-reminder', 'case-assigned', 'note-follow-up', 'signing-reminder'];

/**
 * `delivery.routes` entries to `provider:<id>` that can never send anything. delivery/routing.ts sends to a provider
 * only when the case records the client's consent to that provider, and only a staff form with
 * `x-caseforms.releaseOfInformation` records it (cases/staff-submission.ts); alerts and reminders never go to a
 * provider at all. Such a route works (it is planned and withheld on every case), so these are warnings.
 */
export function providerRouteWarnings(agency: Json, consentForms: readonly ConsentForm[]): RouteWarning[] {
  const routes = (agency.delivery as { routes?: unknown } | undefined)?.routes;
  if (typeof routes !== 'object' || routes === null) return [];
  const warnings: RouteWarning[] = [];
  for (const [event, entries] of Object.entries(routes)) {
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      const to = (entry as { to?: unknown } | null)?.to;
      if (typeof to !== 'string' || !to.startsWith('provider:')) return;
      const id = to.slice('provider:'.length);
      const pointer = appendPointer(appendPointer(appendPointer('/delivery/routes', event), index), 'to');
      const never = STAFF_ONLY_ROUTES.includes(event)
        ? `"${event}" goes to staff only, so "${to}" never receives it`
        : consentForms.length === 0
          ? `"${to}" can never receive "${event}": a provider receives documents only with the client's recorded consent, and no staff form of this pack records it (add a consent form with x-caseforms.releaseOfInformation)`
          : consentForms.every((form) => form.offers !== undefined && !form.offers.has(id))
            ? `"${to}" can never receive "${event}": no consent form of this pack offers "${id}" (${consentForms.map((form) => `forms/${form.formId}.json`).join(', ')})`
            : undefined;
      if (never) warnings.push({ pointer, message: never });
    });
  }
  return warnings;
}

/** The form as a consent form, when it is a staff form that records consent: which provider ids its field offers. */
export function consentForm(formId: string, schema: Json, access: string | undefined, releaseOfInformation: string | undefined): ConsentForm | undefined {
  if (releaseOfInformation === undefined || access === 'public') return undefined;
  const find = (field: SchemaField): SchemaField | undefined =>
    field.pointer === releaseOfInformation ? field : field.properties?.map(find).find((found) => found !== undefined);
  const options = find(schemaFields(schema))?.items?.options;
  return { formId, offers: options === undefined ? undefined : new Set(options.map((option) => String(option.value))) };
}
