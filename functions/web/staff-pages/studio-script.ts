import { createHash } from 'node:crypto';

/**
 * The studio editor's one script: it checks the JSON as the admin types and says where it breaks, in the page's words
 * (`data-ok`, `data-error` on the status line). Without JavaScript the text area works the same, and the studio checks
 * everything when the file is saved. It writes text only (Trusted Types forbid writing HTML).
 */
export const STUDIO_SCRIPT = `
(() => {
  const area = document.getElementById('text');
  const out = document.getElementById('text-syntax');
  if (!area || !out) return;
  // Where JSON.parse stopped, found by reading the text as JSON does: browsers' messages do not all say where.
  const NUMBER = /-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null/y;
  const stopAt = (text) => {
    let i = 0;
    const space = () => { while (i < text.length && ' \\t\\n\\r'.includes(text[i])) i += 1; };
    const fail = () => { throw i; };
    const string = () => {
      i += 1;
      while (i < text.length && text[i] !== '"') { if (text[i] < ' ') fail(); i += text[i] === '\\\\' ? 2 : 1; }
      if (i >= text.length) fail();
      i += 1;
    };
    const value = () => {
      space();
      const c = text[i];
      if (c === '{' || c === '[') {
        const close = c === '{' ? '}' : ']';
        i += 1; space();
        if (text[i] === close) { i += 1; return; }
        for (;;) {
          if (c === '{') { space(); if (text[i] !== '"') fail(); string(); space(); if (text[i] !== ':') fail(); i += 1; }
          value(); space();
          if (text[i] === ',') { i += 1; continue; }
          if (text[i] === close) { i += 1; return; }
          fail();
        }
      }
      if (c === '"') return string();
      NUMBER.lastIndex = i;
      const found = NUMBER.exec(text);
      if (!found) fail();
      i += found[0].length;
    };
    try { value(); space(); return i < text.length ? i : text.length; } catch (at) { return at; }
  };
  const place = (text) => {
    const lines = text.slice(0, stopAt(text)).split('\\n');
    return [lines.length, lines[lines.length - 1].length + 1];
  };
  const check = () => {
    try {
      JSON.parse(area.value);
      out.textContent = out.dataset.ok;
      area.removeAttribute('aria-invalid');
    } catch {
      const [line, column] = place(area.value);
      out.textContent = out.dataset.error.replace('{line}', String(line)).replace('{column}', String(column));
      area.setAttribute('aria-invalid', 'true');
    }
  };
  let timer;
  area.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 400); });
  check();
})();
`;

export const STUDIO_SCRIPT_HASH = `'sha256-${createHash('sha256').update(STUDIO_SCRIPT).digest('base64')}'`;
