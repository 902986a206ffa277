/** Markup that is already safe: produced by `html`, never by concatenating user text. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

/** Text for an element or a quoted attribute: every character that could end either is escaped. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);
}

type Part = SafeHtml | string | number | boolean | undefined | null | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof SafeHtml) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(part);
}

/**
 * A tagged template that escapes every interpolated value unless it is SafeHtml (an `html` result); arrays are joined,
 * and `undefined`, `null` and `false` render nothing, so optional parts read naturally.
 */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i += 1) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** An attribute present or absent: `attr('aria-invalid', hasError && 'true')`. */
export function attr(name: string, value: string | number | boolean | undefined | null): SafeHtml {
  if (value === undefined || value === null || value === false) return new SafeHtml('');
  return new SafeHtml(value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`);
}

/** `{name}` placeholders filled from `values` (already plain text: the page escapes the result). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
