import type { Agency } from '../../domain/forms/agency.ts';
import { brandColorOf } from '../../domain/forms/brand.ts';
import type { Form } from '../../domain/forms/catalog.ts';
import type { Score } from '../../domain/forms/scoring.ts';
import { declaredScoring } from '../../domain/outcomes/declared-scoring.ts';
import { scoreTrends } from '../../domain/outcomes/score-trends.ts';
import { trendViews } from '../../domain/outcomes/trend-view.ts';
import { html, SafeHtml } from '../public-pages/html.ts';

/**
 * Each scored instrument's trend across the case's submissions: the chart (an inline SVG with its own title and
 * description) beside the same numbers as a table, which is what a screen reader or a keyboard user reads. Staff
 * pages are in English; dates are the agency's days.
 */
export function outcomesOf(submissions: ReadonlyArray<Record<string, unknown>>, forms: readonly Form[], agency: Pick<Agency, 'timeZone' | 'branding'>): SafeHtml | undefined {
  const scored = submissions
    .filter((submission) => Array.isArray(submission.scores) && submission.scores.length > 0)
    .map((submission) => ({ formId: String(submission.formId), receivedAt: String(submission.receivedAt), scores: submission.scores as Score[] }));
  const byId = new Map(forms.map((form) => [form.formId, form]));
  const views = trendViews(scoreTrends(scored, (formId) => declaredScoring(byId.get(formId))), { locale: 'en', timeZone: agency.timeZone, idPrefix: 'case-trend', ink: brandColorOf(agency) });
  if (views.length === 0) return undefined;
  return html`${views.map((view, index) => html`<section class="trend" aria-labelledby="trend-${index}">
<h3 id="trend-${index}">${view.title}${view.max === undefined ? undefined : html` <span class="required">(scale 0–${view.max})</span>`}</h3>
${new SafeHtml(view.svg)}
<div class="table-wrap"><table><caption class="visually-hidden">${view.title} by date</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Score</th><th scope="col">Band</th></tr></thead>
<tbody>${view.rows.map((row) => html`<tr><td>${row.date}</td><td>${row.value}</td><td>${row.band ?? '—'}</td></tr>`)}</tbody></table></div>
</section>`)}`;
}
