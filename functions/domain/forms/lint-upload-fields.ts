import { isUploadType, MAX_FILES_PER_FIELD, MAX_UPLOAD_MEGABYTES, UPLOAD_TYPES, uploadSettingOf } from '../uploads/upload-field.ts';
import { appendPointer } from '../../contracts/json-pointer.ts';
import { CASEFORMS_KEYWORD } from './ajv-options.ts';

type Json = Record<string, unknown>;

export interface UploadFieldProblem {
  readonly pointer: string;
  readonly message: string;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const TYPES = `${UPLOAD_TYPES.slice(0, -1).join(', ')} or ${UPLOAD_TYPES.at(-1)}`;

/**
 * Every file question (`x-caseforms.upload`, form-schemas/README.md "File questions") where the service can take it:
 * a list of upload ids among the form's properties or in a conditional section's `then`, not inside rows (a list of
 * groups: each row would need its own uploads), taking only the kinds of file caseforms checks, within the caps.
 * The runtime caps what a pack asks for anyway; lint says so, so the author's words and the page's agree.
 */
export function uploadFieldProblems(schema: Json): UploadFieldProblem[] {
  const problems: UploadFieldProblem[] = [];
  const report = (pointer: string, message: string) => { problems.push({ pointer, message }); };
  const visit = (node: unknown, at: string, place: 'field' | 'rows' | 'elsewhere'): void => {
    if (!isObject(node)) return;
    const setting = uploadSettingOf(node);
    if (setting) {
      const annotation = appendPointer(appendPointer(at, CASEFORMS_KEYWORD), 'upload');
      if (place === 'rows') report(annotation, 'a file question cannot be inside rows (a list of groups): put it beside the rows, once for the whole form');
      else if (place === 'elsewhere') report(annotation, 'a file question is found among the form\'s properties and in the `then` of a condition only: move it there');
      lintQuestion(node, setting, at, annotation, report);
      return;
    }
    if (isObject(node.properties)) for (const [name, child] of Object.entries(node.properties)) visit(child, appendPointer(appendPointer(at, 'properties'), name), place);
    if (isObject(node.items)) visit(node.items, appendPointer(at, 'items'), 'rows');
    if (Array.isArray(node.allOf)) node.allOf.forEach((part, index) => {
      if (!isObject(part)) return;
      const partAt = appendPointer(appendPointer(at, 'allOf'), index);
      visit(part.then, appendPointer(partAt, 'then'), place);
      visit(part.else, appendPointer(partAt, 'else'), place === 'rows' ? 'rows' : 'elsewhere');
      visit(part.if, appendPointer(partAt, 'if'), place === 'rows' ? 'rows' : 'elsewhere');
    });
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      if (Array.isArray(node[keyword])) node[keyword].forEach((branch: unknown, index: number) => visit(branch, appendPointer(appendPointer(at, keyword), index), place === 'rows' ? 'rows' : 'elsewhere'));
    }
    for (const keyword of ['then', 'else'] as const) visit(node[keyword], appendPointer(at, keyword), place === 'rows' ? 'rows' : 'elsewhere');
    for (const keyword of ['$defs', 'definitions'] as const) {
      if (isObject(node[keyword])) for (const [name, child] of Object.entries(node[keyword])) visit(child, appendPointer(appendPointer(at, keyword), name), 'elsewhere');
    }
  };
  visit(schema, '', 'field');
  return problems;
}

function lintQuestion(node: Json, setting: { accept?: unknown; maxMegabytes?: unknown }, at: string, annotation: string, report: (pointer: string, message: string) => void): void {
  const items = node.items;
  if (node.type !== 'array' || !isObject(items) || items.type !== 'string') {
    report(at, 'a file question\'s answer is a list of upload ids: give it "type": "array" and "items": { "type": "string" }');
  }
  if (setting.accept !== undefined) {
    if (!Array.isArray(setting.accept) || setting.accept.length === 0) report(appendPointer(annotation, 'accept'), `list the kinds of file it takes: ${TYPES}`);
    else setting.accept.forEach((type, index) => {
      if (!isUploadType(type)) report(appendPointer(appendPointer(annotation, 'accept'), index), `${JSON.stringify(type)} is not a kind of file caseforms takes: use ${TYPES}`);
    });
  }
  if (setting.maxMegabytes !== undefined) {
    const megabytes = setting.maxMegabytes;
    if (typeof megabytes !== 'number' || !(megabytes > 0)) report(appendPointer(annotation, 'maxMegabytes'), 'give the most a file may weigh in megabytes, a number above 0, such as 5');
    else if (megabytes > MAX_UPLOAD_MEGABYTES) report(appendPointer(annotation, 'maxMegabytes'), `a file may weigh at most ${MAX_UPLOAD_MEGABYTES} MB: larger uploads from a phone fail more often than they help`);
  }
  if (typeof node.maxItems === 'number' && node.maxItems > MAX_FILES_PER_FIELD) report(appendPointer(at, 'maxItems'), `a file question takes at most ${MAX_FILES_PER_FIELD} files`);
}
