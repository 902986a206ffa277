import type { Form } from '../../domain/forms/catalog.ts';
import type { Translations } from '../../domain/forms/translations.ts';
import { formModel, type Field, type FormModel } from './form-model.ts';

/** The form's page model in a language: titles from the pack's locales/<locale>.json where it has them. */
export function localizedModel(form: Form, translations: Translations | undefined): FormModel {
  const own = translations?.forms?.[form.formId];
  const model = formModel(form.schema as Record<string, unknown>, (key) => (key === '' ? own?.title : own?.fields?.[key]));
  return own?.description ? { ...model, description: own.description } : model;
}

/**
 * `autocomplete` tokens (WCAG 1.3.5, identify input purpose) for the fields the form's `x-caseforms.client` names:
 * given and family name, email; and every phone field.
 */
export function autocompleteTokens(form: Form, model: FormModel): Record<string, string> {
  const tokens: Record<string, string> = {};
  const [given, family] = form.client?.name ?? [];
  if (given) tokens[given] = family ? 'given-name' : 'name';
  if (family) tokens[family] = 'family-name';
  if (form.client?.email) tokens[form.client.email] = 'email';
  const visit = (field: Field) => {
    if (field.kind === 'input' && field.control === 'tel') tokens[field.pointer] ??= 'tel';
    if (field.kind === 'group') field.children.forEach(visit);
    if (field.kind === 'rows') visit(field.item);
  };
  model.fields.forEach(visit);
  return tokens;
}
