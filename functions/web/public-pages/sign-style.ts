import { createHash } from 'node:crypto';

/**
 * The signing pages' one style block: readable text and targets a thumb can hit on a phone (WCAG 2.5.8: at least
 * 24 px; here 44 px buttons and a 24 px checkbox), a name field as wide as the screen, and an error in red beside its words. Nothing is fetched; the link pages' policy allows this block by its hash alone.
 */
export const SIGN_STYLE = [
  'body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;margin:0 auto;max-width:40rem;padding:0 1rem 2rem;color:#1a1a1a;background:#fff}',
  'h1{font-size:1.75rem;line-height:1.2}',
  'a{color:#0b4f9c}',
  'button{font:inherit;min-height:44px;padding:.5rem 1.25rem;border:2px solid #1a1a1a;border-radius:6px;background:#f2f2f2;color:#1a1a1a;cursor:pointer}',
  'button[value=agree],button[type=submit]:not([value]){background:#0b4f9c;border-color:#0b4f9c;color:#fff}',
  ':focus-visible{outline:3px solid #b35900;outline-offset:2px}',
  'input[type=checkbox]{width:24px;height:24px;margin:0;margin-inline-end:.5rem;vertical-align:top}',
  'input[type=text]{font:inherit;box-sizing:border-box;width:100%;min-height:44px;padding:.4rem .6rem;border:2px solid #555;border-radius:4px}',
  'label{display:inline-block;max-width:calc(100% - 40px)}',
  '[role=alert]{color:#a00}',
  'footer{margin-top:2rem;border-top:1px solid #ccc;font-size:1rem}',
].join('');

/** The Content-Security-Policy source that allows SIGN_STYLE and nothing else. */
export const SIGN_STYLE_HASH = `'sha256-${createHash('sha256').update(SIGN_STYLE).digest('base64')}'`;
