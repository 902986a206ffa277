import { closestWord } from './closest-word.ts';
import { appendPointer } from '../../contracts/json-pointer.ts';
import type { Annotation } from './lint-annotation.ts';

/** A problem at a pointer of agency.json (the caller adds the file). */
export interface SignatureProblem {
  readonly pointer: string;
  readonly message: string;
}

interface PackForm {
  readonly formId: string;
  readonly annotation: Annotation;
}

/**
 * What agency.json `signatures` says that the agency schema cannot check (it checks the shape: known roles and
 * intents, at least one signer, reminderDays 1..60): each document is one the pack's forms produce; a role signs a
 * document once; a notice (a document of a form with `noticePeriod`) is served whether or not anyone signs it, so
 * its signers may only acknowledge it, optionally. Pass only readable forms' annotations: with a form unread, what
 * the pack produces is unknown.
 */
export function signatureProblems(agency: Readonly<Record<string, unknown>>, forms: readonly PackForm[]): SignatureProblem[] {
  const documents = (agency.signatures as { documents?: unknown } | undefined)?.documents;
  if (typeof documents !== 'object' || documents === null) return [];
  const produced = [...new Set(forms.flatMap((form) => (Array.isArray(form.annotation.documents) ? form.annotation.documents : [])))];
  const problems: SignatureProblem[] = [];
  for (const [documentType, declaration] of Object.entries(documents)) {
    const at = appendPointer('/signatures/documents', documentType);
    if (!produced.includes(documentType)) {
      const meant = closestWord(documentType, produced);
      problems.push({ pointer: at, message: `"${documentType}" is not a document of this pack: no form produces it (x-caseforms.documents)${meant ? `; did you mean "${meant}"?` : ''}` });
    }
    const signers = (declaration as { signers?: unknown } | null)?.signers;
    if (!Array.isArray(signers)) continue;
    const notice = forms.find((form) => form.annotation.noticePeriod !== undefined && form.annotation.documents?.includes(documentType));
    signers.forEach((signer: unknown, index) => {
      const { role, intent, optional } = (signer ?? {}) as { role?: unknown; intent?: unknown; optional?: unknown };
      const place = appendPointer(appendPointer(at, 'signers'), index);
      const first = signers.findIndex((other: unknown) => (other as { role?: unknown } | null)?.role === role);
      if (typeof role === 'string' && first < index) {
        problems.push({ pointer: appendPointer(place, 'role'), message: `"${role}" is listed twice: each role signs a document once` });
      }
      if (!notice) return;
      const served = `forms/${notice.formId}.json serves "${documentType}" as a notice (noticePeriod), and a notice is served whether or not anyone signs it`;
      if (intent !== 'acknowledge') problems.push({ pointer: appendPointer(place, 'intent'), message: `${served}: its signers may only acknowledge receiving it ("intent": "acknowledge")` });
      if (optional !== true) problems.push({ pointer: appendPointer(place, 'optional'), message: `${served}: a signature may never be a condition of it, so each signer must be optional ("optional": true)` });
    });
  }
  return problems;
}
