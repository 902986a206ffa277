import type { IdentityKey } from '../../domain/forms/identity.ts';
import type { Form } from '../../domain/forms/catalog.ts';
import type { Translations } from '../../domain/forms/translations.ts';
import { formModel, type Field, type FormModel } from './form-model.ts';

/** The form's page model in a language: titles from the pack's locales/<locale>.json where it has them. */
export function localizedModel(form: Form, translations: Translations | undefined): FormModel {
  const own = translations?.forms?.[form.formId];
  const model = formModel(form.schema as Record<string, unknown>, (key) => (key === '' ? own?.title : own?.fields?.[key]));
  return own?.description ? { ...model, description: own.description } : model;
}

/** The autofill purpose (WCAG 1.3.5, identify input purpose) of each identity fact a form maps. */
const AUTOCOMPLETE: Readonly<Partial<Record<IdentityKey, string>>> = {
  name: 'name', givenName: 'given-name', familyName: 'family-name', preferredName: 'nickname', dateOfBirth: 'bday', phone: 'tel', email: 'email',
};

/**
 * `autocomplete` tokens (WCAG 1.3.5) for the fields the form's `x-caseforms.identity` maps (name, email, phone, date of
 * birth …), and every other phone field.
 */
export function autocompleteTokens(form: Form, model: FormModel): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const [key, pointer] of Object.entries(form.identity ?? {})) {
    const token = AUTOCOMPLETE[key as IdentityKey];
    if (token && pointer) tokens[pointer] = token;
  }
  const visit = (field: Field) => {
    if (field.kind === 'input' && field.control === 'tel') tokens[field.pointer] ??= 'tel';
    if (field.kind === 'group') field.children.forEach(visit);
    if (field.kind === 'rows') visit(field.item);
  };
  model.fields.forEach(visit);
  return tokens;
}
