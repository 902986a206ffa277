import { MAX_FILE_NAME_LENGTH } from '../../domain/uploads/file-name.ts';
import type { PresignRefusal } from '../../domain/uploads/presign-check.ts';
import type { ReceiveOutcome } from '../../domain/uploads/receive-upload.ts';

type RefusedReceive = Extract<ReceiveOutcome, { outcome: 'refused' }>;
import { Problem } from '../http/problem.ts';
import { phrase, type Phrase } from '../http/problem-phrases/index.ts';

const megabytes = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

function presignPhrase(refusal: PresignRefusal): Phrase {
  switch (refusal.reason) {
    case 'unknown-field': return phrase('uploadUnknownField');
    case 'missing': return phrase('uploadNameMissing');
    case 'path': return phrase('uploadNameHasPath');
    case 'control': return phrase('uploadNameControl');
    case 'too-long': return phrase('uploadNameTooLong', MAX_FILE_NAME_LENGTH);
    case 'type-not-taken': return phrase('uploadTypeNotTaken', refusal.accept);
    case 'not-a-size': return phrase('uploadNotASize');
    case 'empty': return phrase('uploadEmpty');
    case 'too-large': return phrase('uploadTooLarge', megabytes(refusal.maxBytes));
  }
}

/** A refused presign request: 422, each refusal at the request's own field, in the client's language. */
export function presignProblem(refusals: readonly PresignRefusal[]): Problem {
  return new Problem('validationFailed', phrase('uploadRefused'), refusals.map((refusal) => ({ pointer: refusal.pointer, phrase: presignPhrase(refusal) })));
}

/** A received file that was not kept (its object already deleted): 404 when there was none to receive, else 422 at the file question. */
export function receiveProblem({ reason, field, accept, maxBytes }: RefusedReceive): Problem {
  if (reason === 'missing' || field === undefined) return new Problem('notFound', phrase('uploadNotFound'));
  const why = reason === 'empty' ? phrase('uploadEmpty')
    : reason === 'too-large' ? phrase('uploadTooLarge', megabytes(maxBytes))
    : phrase('uploadBytesNotTaken', accept);
  return new Problem('validationFailed', phrase('uploadRefused'), [{ pointer: field, phrase: why }]);
}
