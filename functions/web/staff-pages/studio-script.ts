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
  const place = (message, text) => {
    const said = /line (\\d+) column (\\d+)/.exec(message);
    if (said) return [Number(said[1]), Number(said[2])];
    const at = /position (\\d+)/.exec(message);
    const before = at ? text.slice(0, Number(at[1])) : text;
    const lines = before.split('\\n');
    return [lines.length, lines[lines.length - 1].length + 1];
  };
  const check = () => {
    try {
      JSON.parse(area.value);
      out.textContent = out.dataset.ok;
      area.removeAttribute('aria-invalid');
    } catch (error) {
      const [line, column] = place(String(error && error.message), area.value);
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
