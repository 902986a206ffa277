/**
 * The public pages' one style sheet, inlined and allowed by its hash in the Content-Security-Policy (no request for it,
 * nothing third-party). Mobile first; logical properties (`margin-inline-start`), so right-to-left pages mirror
 * themselves; colours at least 4.5:1 against their background; a focus ring no control can hide. The accent is the
 * agency's colour (`--brand`, set by brand-style.ts; lint holds it to 4.5:1 against white), this blue without one.
 */
export const PAGE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew",system-ui,sans-serif;font-size:100%;line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0}
[hidden]{display:none!important}
.skip{position:absolute;inset-inline-start:-9999px;top:0;padding:.5rem 1rem;background:#fff;color:var(--brand,#0b4f8a)}
.skip:focus{inset-inline-start:0;z-index:1}
header.site{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;padding:.75rem 1rem;background:var(--brand,#0b4f8a);color:#fff}
header.site .agency{margin:0;font-weight:700}
.languages{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:0;padding:0;list-style:none}
.languages a{color:#fff}
.languages [aria-current]{font-weight:700;text-decoration:underline;text-decoration-thickness:3px}
main{max-width:42rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
.lead{font-size:1.1rem}
form{margin-top:1rem}
.field,.group{margin:0 0 1.25rem;padding:0;border:0;min-width:0}
.group{padding:.75rem 1rem 0;border:2px solid #6b6b6b;border-radius:4px}
.row{margin-bottom:1rem}
legend,label{font-weight:700}
legend{padding:0 .25rem;font-size:1.05rem}
.field>label{display:block;margin-bottom:.25rem}
.option{display:flex;align-items:flex-start;gap:.5rem;margin:.35rem 0}
.option label,.checkbox label{font-weight:400}
.checkbox label{flex:1 1 0}
.checkbox{display:flex;flex-wrap:wrap;align-items:flex-start;gap:.5rem}
.checkbox .help,.checkbox .error{flex-basis:100%}
.required{font-weight:400;color:#4a4a4a}
.help{margin:.1rem 0 .4rem;color:#4a4a4a}
input[type=text],input[type=email],input[type=tel],input[type=date],select,textarea{display:block;width:100%;max-width:100%;padding:.5rem;font:inherit;color:inherit;background:#fff;border:2px solid #4a4a4a;border-radius:4px}
input[type=radio],input[type=checkbox]{width:1.5rem;height:1.5rem;margin:.1rem 0 0;flex:none;accent-color:var(--brand,#0b4f8a)}
textarea{min-height:8rem}
input,select,textarea,fieldset,.error-summary{scroll-margin-top:6rem}
.invalid>input,.invalid>select,.invalid>textarea{border-color:#b00020;border-width:3px}
.invalid{border-inline-start:5px solid #b00020;padding-inline-start:.75rem}
.error{margin:.25rem 0;color:#b00020;font-weight:700}
.error-summary{margin:1rem 0;padding:1rem;border:4px solid #b00020}
.error-summary h2{margin-top:0;font-size:1.25rem}
.error-summary a{color:#b00020;font-weight:700}
button{font:inherit;cursor:pointer;border-radius:4px;padding:.6rem 1.1rem;margin:.25rem 0 1rem}
button.primary{background:#0b6b3a;color:#fff;border:2px solid #0b6b3a;font-weight:700}
button.secondary{background:#fff;color:var(--brand,#0b4f8a);border:2px solid var(--brand,#0b4f8a)}
a{color:var(--brand,#0b4f8a)}
:focus-visible{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #1b1b1b}
.hp{position:absolute;inset-inline-start:-10000px;width:1px;height:1px;overflow:hidden}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.crisis{margin:1rem 0;padding:1rem;border:4px solid var(--brand,#0b4f8a);background:#eef5fb}
.crisis h2{margin-top:0}
.reference strong{font-size:1.3rem}
.documents{margin:1rem 0;padding:.75rem 1rem;border:2px solid #6b6b6b;border-radius:4px}
.documents h2{margin-top:0;font-size:1.25rem}
.upload-question h3{margin:1rem 0 .25rem;font-size:1.05rem}
.files,.uploading{margin:.25rem 0 .5rem;padding:0;list-style:none}
.files li,.uploading li{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem;padding:.25rem 0;overflow-wrap:anywhere}
.files button{margin:0}
.uploading progress{flex:1 1 8rem;max-width:100%}
input[type=file]{display:block;max-width:100%;margin:.25rem 0;font:inherit}
@media (min-width:40rem){main{padding:1.5rem 1rem}h1{font-size:2rem}}
`.trim();
