import { createHash } from 'node:crypto';

/**
 * What the staff pages add to the public pages' style sheet (PAGE_STYLE): a navigation bar, wider pages and tables.
 * A second inline block, allowed by its own hash, so the public pages' hash stays as it is.
 */
export const STAFF_STYLE = `
.staff-nav{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;margin:0;padding:0;list-style:none}
.staff-nav a{color:#fff}
.staff-nav a[aria-current]{font-weight:700;text-decoration-thickness:3px}
.who{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;margin:0}
.who form{margin:0}
.who button{margin:0;padding:.25rem .75rem;background:#fff;color:var(--brand,#0b4f8a);border:2px solid #fff}
main.wide{max-width:64rem}
.table-wrap{overflow-x:auto;margin:0 0 1.5rem;position:relative}
table{border-collapse:collapse;width:100%}
th,td{padding:.4rem .6rem;border-bottom:1px solid #8a8a8a;text-align:start;vertical-align:top}
thead th{border-bottom:2px solid #1b1b1b}
caption{text-align:start;font-weight:700;padding:.25rem 0}
.filters{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
.filters .field{min-width:12rem;flex:1 1 12rem}
input[type=search]{display:block;width:100%;max-width:100%;padding:.5rem;font:inherit;color:inherit;background:#fff;border:2px solid #4a4a4a;border-radius:4px}
.facts{display:grid;grid-template-columns:fit-content(45%) minmax(0,1fr);gap:.25rem 1rem;margin:0 0 1.5rem}
.facts dt{font-weight:700}
.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
.case-ref,.preferred{font-weight:400}
.client-facts{display:block;font-size:.9rem}
details.submission{border:1px solid #8a8a8a;border-radius:4px;padding:.5rem .75rem;margin:0 0 .75rem}
details.submission summary{cursor:pointer;font-weight:700}
.answers{display:grid;grid-template-columns:minmax(6rem,40%) minmax(0,1fr);gap:.25rem 1rem;margin:.5rem 0}
.answers dt{font-weight:700;min-width:0;overflow-wrap:anywhere}
.answers dd{margin:0;min-width:0;overflow-wrap:anywhere}
@media (max-width:30rem){.answers{grid-template-columns:minmax(0,1fr)}.answers dd{margin:0 0 .5rem}}
.narrative{white-space:pre-wrap;overflow-wrap:anywhere}
.notes{padding-inline-start:1.25rem}
.notes > li{margin:0 0 1.5rem}
.moves{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}
.moves a{display:inline-block;padding:.5rem .9rem;border:2px solid var(--brand,#0b4f8a);border-radius:4px;text-decoration:none;font-weight:700}
.status-failed,.status-bounced,.status-complained,.status-withheld{color:#b00020;font-weight:700}
.notice{margin:1rem 0;padding:1rem;border:4px solid #0b6b3a}
.trend{margin:0 0 1.5rem}
.trend svg{width:100%;max-width:36rem;height:auto}
h2{font-size:1.3rem;margin:2rem 0 .75rem}
a.button{display:inline-block;padding:.6rem 1.1rem;border-radius:4px;text-decoration:none}
a.button.primary{background:#0b6b3a;color:#fff;border:2px solid #0b6b3a;font-weight:700}
`.trim();

export const STAFF_STYLE_HASH = `'sha256-${createHash('sha256').update(STAFF_STYLE).digest('base64')}'`;
