import { checkFileName, type FileNameRefusal } from './file-name.ts';
import { uploadFieldsOf, type UploadField, type UploadType } from './upload-field.ts';

/** Why a presign request is refused, at the request's own pointer (`/field`, `/name`, `/type`, `/size`). */
export type PresignRefusal =
  | { readonly pointer: '/field'; readonly reason: 'unknown-field' }
  | { readonly pointer: '/name'; readonly reason: FileNameRefusal }
  | { readonly pointer: '/type'; readonly reason: 'type-not-taken'; readonly accept: readonly UploadType[] }
  | { readonly pointer: '/size'; readonly reason: 'empty' | 'not-a-size' }
  | { readonly pointer: '/size'; readonly reason: 'too-large'; readonly maxBytes: number };

export interface PresignAsk {
  readonly field: UploadField;
  readonly name: string;
  readonly type: UploadType;
  readonly size: number;
}

/**
 * What a client asks to upload (`{field, name, type, size}`), checked against the form's file questions before any
 * URL is signed: a question of THIS form, a type it takes, a size it allows, a safe name. The size and type are the
 * client's word only; the signed policy holds S3 to them, and receiving checks the bytes.
 */
export function checkPresignAsk(schema: Record<string, unknown>, body: Record<string, unknown>): { readonly ask: PresignAsk } | { readonly refusals: PresignRefusal[] } {
  const refusals: PresignRefusal[] = [];
  const field = uploadFieldsOf(schema).find((candidate) => candidate.pointer === body.field);
  if (!field) refusals.push({ pointer: '/field', reason: 'unknown-field' });
  const name = checkFileName(body.name);
  if ('refused' in name) refusals.push({ pointer: '/name', reason: name.refused });
  const accept = field?.accept ?? [];
  const type = accept.find((candidate) => candidate === body.type);
  if (field && !type) refusals.push({ pointer: '/type', reason: 'type-not-taken', accept });
  const size = body.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) refusals.push({ pointer: '/size', reason: 'not-a-size' });
  else if (size === 0) refusals.push({ pointer: '/size', reason: 'empty' });
  else if (field && size > field.maxBytes) refusals.push({ pointer: '/size', reason: 'too-large', maxBytes: field.maxBytes });
  if (refusals.length > 0 || !field || !type || 'refused' in name) return { refusals };
  return { ask: { field, name: name.name, type, size: size as number } };
}
