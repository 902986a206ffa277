import { isPlainCaseId } from '../../contracts/ids.ts';
import { valueAt } from '../../contracts/json-pointer.ts';
import { uploadFieldsOf, type UploadField } from './upload-field.ts';
import type { StoredUpload, UploadStore } from './upload-ports.ts';
import type { UploadRecord } from './upload-record.ts';

/**
 * The most files one submission links: each takes two writes in the submission's one transaction (DynamoDB allows
 * 100 items in it, and the case, its search and match keys, jobs and flags need their share).
 */
export const MAX_FILES_PER_SUBMISSION = 20;

export type LinkRefusalReason = 'not-found' | 'already-sent' | 'infected' | 'twice' | 'too-many-in-form';

/** Why the upload ids at a file question cannot be linked: at the question's pointer, one reason per kind. */
export interface LinkRefusal {
  readonly pointer: string;
  readonly reason: LinkRefusalReason;
}

export type UploadReader = Pick<UploadStore, 'findUploads'>;

export interface LinkedForm {
  readonly agencyId: string;
  readonly formId: string;
  readonly schema: Record<string, unknown>;
}

const fieldsBySchema = new WeakMap<object, readonly UploadField[]>();
function fileQuestions(schema: Record<string, unknown>): readonly UploadField[] {
  let fields = fieldsBySchema.get(schema);
  if (!fields) fieldsBySchema.set(schema, (fields = uploadFieldsOf(schema)));
  return fields;
}

/** The upload ids answered at each file question, as the submission (already validated) has them. */
function answeredIds(fields: readonly UploadField[], body: unknown): Array<{ readonly field: UploadField; readonly ids: readonly string[] }> {
  return fields.map((field) => {
    const value = valueAt(body, field.pointer);
    return { field, ids: Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [] };
  });
}

/**
 * Whether every upload id a submission names at its file questions can be linked to it: a file received for THIS
 * agency (its key has the agency: another agency's id is simply not found), this form and this question, not part of
 * another submission, not found infected; each id once, and no more than a submission can link. Resolves to the
 * records to link, or to why not, by question. Reads nothing for a form without file questions.
 */
export async function checkUploadLinks(uploads: UploadReader | undefined, form: LinkedForm, body: unknown): Promise<{ readonly files: readonly UploadRecord[]; readonly refusals: readonly LinkRefusal[] }> {
  const fields = fileQuestions(form.schema);
  if (fields.length === 0) return { files: [], refusals: [] };
  const answered = answeredIds(fields, body).filter(({ ids }) => ids.length > 0);
  const refusals: LinkRefusal[] = [];
  const refuse = (pointer: string, reason: LinkRefusalReason) => {
    if (!refusals.some((refusal) => refusal.pointer === pointer && refusal.reason === reason)) refusals.push({ pointer, reason });
  };
  const wanted = answered.flatMap(({ ids }) => ids).filter(isPlainCaseId);
  const stored = uploads && wanted.length > 0 ? await uploads.findUploads(form.agencyId, wanted) : new Map<string, StoredUpload>();
  const seen = new Set<string>();
  const files: UploadRecord[] = [];
  let count = 0;
  for (const { field, ids } of answered) {
    for (const id of ids) {
      count += 1;
      if (count > MAX_FILES_PER_SUBMISSION) refuse(field.pointer, 'too-many-in-form');
      if (seen.has(id)) refuse(field.pointer, 'twice');
      seen.add(id);
      const found = linkable(stored.get(id), form, field);
      if (typeof found === 'string') refuse(field.pointer, found);
      else files.push(found);
    }
  }
  return refusals.length > 0 ? { files: [], refusals } : { files, refusals };
}

function linkable(stored: StoredUpload | undefined, form: LinkedForm, field: UploadField): UploadRecord | LinkRefusalReason {
  if (!stored?.received) return 'not-found';
  const { record } = stored;
  if (record.agencyId !== form.agencyId || record.formId !== form.formId || record.field !== field.pointer) return 'not-found';
  if (record.caseId !== undefined) return 'already-sent';
  if (record.scan === 'infected') return 'infected';
  return record;
}
