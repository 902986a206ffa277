import Handlebars from 'handlebars';
import { valueAt } from '../../contracts/json-pointer.ts';

type Json = Record<string, unknown>;
type Node = { type: string; [key: string]: unknown };

export interface TemplateFieldProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Fields a document template reads from `answers` that the form does not define. Handlebars renders an unknown
 * path as nothing, so a renamed field would silently leave a blank in a legal document; lint refuses it instead.
 * Inside `{{#each answers.<array>}}` the bare paths are checked against the array's item properties.
 */
export function undefinedTemplateFields(templateText: string, schema: Json): TemplateFieldProblem[] {
  const problems: TemplateFieldProblem[] = [];
  const resolve = (node: Json | undefined): Json | undefined =>
    node && typeof node.$ref === 'string' ? { ...(valueAt(schema, decodeURIComponent(node.$ref.slice(1))) as Json), ...node } : node;
  const propertiesOf = (node: Json | undefined) => (resolve(node)?.properties ?? {}) as Record<string, Json>;

  const checkPath = (path: Node, itemSchema: Json | undefined): void => {
    const parts = path.parts as string[];
    const original = path.original as string;
    if ((path.depth as number) > 0 || original === 'this' || original.startsWith('@')) return;
    if (itemSchema !== undefined) {
      const item = resolve(itemSchema);
      if (item?.properties && !(parts[0]! in (item.properties as object))) problems.push({ path: original, message: `"${parts[0]}" is not a field of the items being listed` });
      return;
    }
    if (parts[0] !== 'answers' || parts.length < 2) return;
    let properties = propertiesOf(schema);
    for (const [index, part] of parts.slice(1).entries()) {
      const field = properties[part];
      if (!field) {
        problems.push({ path: original, message: `"${parts.slice(1, index + 2).join('.')}" is not a field of the form` });
        return;
      }
      properties = propertiesOf(field);
    }
  };

  const arrayItems = (path: Node): Json | undefined => {
    const parts = path.parts as string[];
    if (parts[0] !== 'answers') return undefined;
    let node: Json | undefined = schema;
    for (const part of parts.slice(1)) node = propertiesOf(node)[part];
    return resolve(node)?.items as Json | undefined;
  };

  const visit = (node: Node | undefined, itemSchema: Json | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const statement of node.body as Node[]) visit(statement, itemSchema);
        return;
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        const params = (node.params as Node[]) ?? [];
        const isHelper = params.length > 0 || node.type === 'BlockStatement';
        if (!isHelper) visit(node.path as Node, itemSchema);
        for (const param of params) visit(param, itemSchema);
        for (const pair of ((node.hash as { pairs?: Array<{ value: Node }> } | undefined)?.pairs ?? [])) visit(pair.value, itemSchema);
        if (node.type === 'BlockStatement') {
          const helper = (node.path as Node).original;
          const listed = helper === 'each' && params[0]?.type === 'PathExpression' ? arrayItems(params[0]) : undefined;
          visit(node.program as Node, helper === 'each' ? listed : itemSchema);
          visit(node.inverse as Node, itemSchema);
        }
        return;
      }
      case 'PathExpression':
        checkPath(node, itemSchema);
        return;
      default:
    }
  };
  visit(Handlebars.parse(templateText) as unknown as Node, undefined);
  return problems;
}
