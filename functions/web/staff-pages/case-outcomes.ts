import type { Agency } from '../../domain/forms/agency.ts';
import { brandColorOf } from '../../domain/forms/brand.ts';
import type { Form } from '../../domain/forms/catalog.ts';
import { bandLabel, scoreTitle, type PackLabels } from '../../domain/forms/pack-labels.ts';
import type { Score } from '../../domain/forms/scoring.ts';
import { declaredScoring } from '../../domain/outcomes/declared-scoring.ts';
import { scoreTrends } from '../../domain/outcomes/score-trends.ts';
import { trendViews } from '../../domain/outcomes/trend-view.ts';
import { html, SafeHtml } from '../public-pages/html.ts';
import type { StaffLanguage } from './staff-words.ts';

/**
 * Each scored instrument's trend across the case's submissions: the chart (an inline SVG with its own title and
 * description) beside the same numbers as a table, which is what a screen reader or a keyboard user reads. Words,
 * dates and numbers are in the reader's language (score titles and bands as the pack translates them); dates are
 * the agency's days.
 */
export function outcomesOf(submissions: ReadonlyArray<Record<string, unknown>>, forms: readonly Form[], agency: Pick<Agency, 'timeZone' | 'branding'>, language: StaffLanguage, labels: PackLabels): SafeHtml | undefined {
  const words = language.words('staffCasePage');
  const scored = submissions
    .filter((submission) => Array.isArray(submission.scores) && submission.scores.length > 0)
    .map((submission) => ({ formId: String(submission.formId), receivedAt: String(submission.receivedAt), scores: submission.scores as Score[] }));
  const byId = new Map(forms.map((form) => [form.formId, form]));
  const series = scoreTrends(scored, (formId) => declaredScoring(byId.get(formId))).map((one) => {
    const own = labels(one.formId);
    return { ...one, title: scoreTitle(own, one.scoreName, one.title), points: one.points.map((point) => ({ ...point, band: bandLabel(own, one.scoreName, point.band) })) };
  });
  const views = trendViews(series, {
    locale: language.locale, timeZone: agency.timeZone, idPrefix: 'case-trend', ink: brandColorOf(agency),
    pointPhrase: words.t('outcomes.point'), noPoints: words.t('outcomes.noPoints'),
  });
  if (views.length === 0) return undefined;
  return html`${views.map((view, index) => html`<section class="trend" aria-labelledby="trend-${index}">
<h3 id="trend-${index}">${view.title}${view.max === undefined ? undefined : html` <span class="required">${words.t('outcomes.scale', { max: view.max })}</span>`}</h3>
${new SafeHtml(view.svg)}
<div class="table-wrap"><table><caption class="visually-hidden">${words.t('outcomes.byDate', { title: view.title })}</caption>
<thead><tr><th scope="col">${words.t('outcomes.date')}</th><th scope="col">${words.t('outcomes.score')}</th><th scope="col">${words.t('outcomes.band')}</th></tr></thead>
<tbody>${view.rows.map((row) => html`<tr><td>${row.date}</td><td>${row.value}</td><td>${row.band ?? '—'}</td></tr>`)}</tbody></table></div>
</section>`)}`;
}
