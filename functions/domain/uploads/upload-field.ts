/**
 * A file question in a form schema: an array of upload ids whose `x-caseforms.upload` says which kinds of file it
 * takes and how large each may be; `maxItems` is how many (form-schemas/README.md, "File questions").
 *
 *   "idDocument": { "type": "array", "title": "Photo ID", "maxItems": 2, "items": { "type": "string" },
 *                   "x-caseforms": { "upload": { "accept": ["image/jpeg", "application/pdf"], "maxMegabytes": 5 } } }
 */
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

/** The most a pack may allow, whatever it asks: past these a phone upload is more likely to fail than to help. */
export const MAX_UPLOAD_MEGABYTES = 20;
export const MAX_FILES_PER_FIELD = 10;
/** What a field without `maxItems` takes. */
export const DEFAULT_FILES_PER_FIELD = 1;

export interface UploadField {
  /** JSON Pointer of the answer (an array of upload ids) in a submission, e.g. `/documents/idDocument`. */
  readonly pointer: string;
  readonly accept: readonly UploadType[];
  readonly maxBytes: number;
  readonly maxFiles: number;
}

export interface UploadSetting {
  readonly accept?: unknown;
  readonly maxMegabytes?: unknown;
}

type Json = Record<string, unknown>;

export const isUploadType = (value: unknown): value is UploadType => (UPLOAD_TYPES as readonly unknown[]).includes(value);

/** The node's `x-caseforms.upload`, if it has one (whatever its shape: lint says what is wrong with it). */
export function uploadSettingOf(node: Json): UploadSetting | undefined {
  const annotations = node['x-caseforms'];
  if (typeof annotations !== 'object' || annotations === null) return undefined;
  const upload = (annotations as Json).upload;
  return typeof upload === 'object' && upload !== null && !Array.isArray(upload) ? (upload as UploadSetting) : undefined;
}

/** The file question a node declares, with the caps applied; undefined when it declares none. */
export function uploadFieldOf(node: Json, pointer: string): UploadField | undefined {
  const setting = uploadSettingOf(node);
  if (!setting) return undefined;
  const accept = Array.isArray(setting.accept) ? setting.accept.filter(isUploadType) : [];
  const megabytes = typeof setting.maxMegabytes === 'number' && setting.maxMegabytes > 0 ? Math.min(setting.maxMegabytes, MAX_UPLOAD_MEGABYTES) : MAX_UPLOAD_MEGABYTES;
  const maxItems = typeof node.maxItems === 'number' && node.maxItems > 0 ? Math.min(node.maxItems, MAX_FILES_PER_FIELD) : DEFAULT_FILES_PER_FIELD;
  return { pointer, accept: accept.length > 0 ? accept : [...UPLOAD_TYPES], maxBytes: Math.floor(megabytes * 1024 * 1024), maxFiles: maxItems };
}

/**
 * Every file question of a form schema, outer fields first: properties of the root and of nested objects, and those of
 * conditional sections (`allOf[].then`). A file question inside rows (an array of objects) is not supported: lint
 * refuses it, and it is not listed here.
 */
export function uploadFieldsOf(schema: Json): UploadField[] {
  const fields: UploadField[] = [];
  const visit = (node: Json, pointer: string) => {
    const field = uploadFieldOf(node, pointer);
    if (field) {
      fields.push(field);
      return;
    }
    const properties = node.properties;
    if (typeof properties === 'object' && properties !== null) {
      for (const [name, child] of Object.entries(properties as Json)) {
        if (typeof child === 'object' && child !== null) visit(child as Json, `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
    }
    for (const part of Array.isArray(node.allOf) ? node.allOf : []) {
      const then = (part as Json)?.then;
      if (typeof then === 'object' && then !== null) visit(then as Json, pointer);
    }
  };
  visit(schema, '');
  const seen = new Set<string>();
  return fields.filter((field) => !seen.has(field.pointer) && seen.add(field.pointer));
}
