import { titledFields } from '../../domain/forms/field-titles.ts';
import type { PackLabels } from '../../domain/forms/pack-labels.ts';
import type { CaseFile } from '../../domain/uploads/upload-record.ts';

interface FormSchema {
  readonly formId: string;
  readonly schema: unknown;
}

/**
 * Names the question a file was sent for: its title in the reader's language where the pack translates it, else the
 * schema's, else its pointer; and its form by title. The agency's current forms name it (a renamed question reads as
 * it is called now).
 */
export function fileQuestions(forms: readonly FormSchema[], labels: PackLabels, formTitles: Readonly<Record<string, string>>) {
  const titles = new Map(forms.map((form) => [form.formId, new Map(titledFields(form.schema as Record<string, unknown>))]));
  return (file: CaseFile): { question: string; form: string } => ({
    question: labels(file.formId)(file.field) ?? titles.get(file.formId)?.get(file.field) ?? file.field,
    form: formTitles[file.formId] ?? file.formId,
  });
}
