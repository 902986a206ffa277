import type { ScoreSeries } from './score-trends.ts';

export interface TrendChartOptions {
  /** Unique within the page: the ids of the chart's <title> and <desc> derive from it. */
  readonly id?: string;
  /** A point's date as written on the axis, in the description and in the table. Default: the UTC date of `at`, YYYY-MM-DD. */
  readonly formatDate?: (at: string) => string;
  readonly formatValue?: (value: number) => string;
  /** One point in the description; default "18 on 2026-01-05". */
  readonly describePoint?: (value: string, date: string) => string;
  /** The description's text for a series without points. */
  readonly noPoints?: string;
  /** The line and points' colour (#rrggbb): the agency's brand colour, which lint holds to 4.5:1 on white. */
  readonly ink?: string;
}

/** One row of the table that carries the chart's data for readers who cannot see it (and for copying). */
export interface TrendTableRow {
  readonly date: string;
  readonly value: string;
  readonly band?: string;
}

// viewBox units. Small enough for a column of a printed page, with room left of the plot for the value axis and
// below it for dates.
const WIDTH = 320;
const HEIGHT = 140;
const PLOT = { left: 30, right: WIDTH - 10, top: 16, bottom: 112 } as const;
const DATE_BASELINE = 127;
const AXIS_FONT = 8;
const VALUE_FONT = 9;
/** Room kept at each end of the plot so the first and last date labels, centred on their points, stay inside. */
const X_INSET = 28;
const INK = '#1f4e79';
/** Only #rrggbb reaches the SVG's attributes; anything else draws in INK. */
const inkOf = (ink: string | undefined) => (ink && /^#[0-9a-fA-F]{6}$/.test(ink) ? ink : INK);

const defaults = {
  formatDate: (at: string) => at.slice(0, 10),
  formatValue: (value: number) => String(Math.round(value * 100) / 100),
  describePoint: (value: string, date: string) => `${value} on ${date}`,
  noPoints: 'no scores yet',
};

/**
 * One series as an inline SVG line chart. Text only goes in as escaped character data; styling is presentation
 * attributes (fill=, stroke=), never style= or <style>, so the chart passes a Content-Security-Policy that allows
 * no inline styles; nothing is fetched and nothing runs. Points are evenly spaced in time order rather than by
 * date: the axis prints every date, and a chart this small could not keep two assessments a week apart legible.
 */
export function trendChartSvg(series: ScoreSeries, options: TrendChartOptions = {}): string {
  const formatDate = options.formatDate ?? defaults.formatDate;
  const formatValue = options.formatValue ?? defaults.formatValue;
  const id = safeId(options.id ?? `trend-${series.formId}-${series.scoreName}`);
  const points = series.points;
  const scale = valueScale(points.map((point) => point.value), series.max);
  const y = (value: number) => round(PLOT.bottom - ((value - scale.bottom) / (scale.top - scale.bottom)) * (PLOT.bottom - PLOT.top));
  const spacing = points.length > 1 ? (PLOT.right - PLOT.left - 2 * X_INSET) / (points.length - 1) : 0;
  const x = (index: number) => round(points.length > 1 ? PLOT.left + X_INSET + index * spacing : (PLOT.left + PLOT.right) / 2);
  const dates = points.map((point) => formatDate(point.at));
  const values = points.map((point) => formatValue(point.value));
  const showDate = thinning(points.length, spacing, dates, AXIS_FONT);
  const showValue = thinning(points.length, spacing, values, VALUE_FONT);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" direction="ltr">`,
    `<title id="${id}-title">${escapeXml(series.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(describe(series.title, dates, values, options))}</desc>`,
  ];
  for (const tick of scale.ticks) {
    parts.push(`<line x1="${PLOT.left}" y1="${y(tick)}" x2="${PLOT.right}" y2="${y(tick)}" stroke="#d4d4d4" stroke-width="0.5"/>`);
    parts.push(text(PLOT.left - 4, y(tick) + AXIS_FONT * 0.35, formatValue(tick), { anchor: 'end', size: AXIS_FONT, fill: '#444444' }));
  }
  parts.push(`<path d="M${PLOT.left} ${PLOT.top}V${PLOT.bottom}H${PLOT.right}" fill="none" stroke="#666666" stroke-width="0.75"/>`);
  if (points.length > 1) {
    const line = points.map((point, index) => `${x(index)},${y(point.value)}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="${inkOf(options.ink)}" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"/>`);
  }
  points.forEach((point, index) => {
    parts.push(`<circle cx="${x(index)}" cy="${y(point.value)}" r="3" fill="${inkOf(options.ink)}"/>`);
    if (showValue(index)) parts.push(text(x(index), y(point.value) - 6, values[index]!, { size: VALUE_FONT, fill: '#1a1a1a', bold: true }));
    if (showDate(index)) parts.push(text(x(index), DATE_BASELINE, dates[index]!, { size: AXIS_FONT, fill: '#444444' }));
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The chart's data, one row per point, oldest first: the same dates and values the chart prints. */
export function trendTableRows(series: ScoreSeries, options: Pick<TrendChartOptions, 'formatDate' | 'formatValue'> = {}): TrendTableRow[] {
  const formatDate = options.formatDate ?? defaults.formatDate;
  const formatValue = options.formatValue ?? defaults.formatValue;
  return series.points.map((point) => ({
    date: formatDate(point.at), value: formatValue(point.value), ...(point.band === undefined ? {} : { band: point.band }),
  }));
}

function describe(title: string, dates: readonly string[], values: readonly string[], options: TrendChartOptions): string {
  if (dates.length === 0) return `${title}: ${options.noPoints ?? defaults.noPoints}`;
  const describePoint = options.describePoint ?? defaults.describePoint;
  // "Jan 5, 2026, 11 on …" would read as one more item: dates written with commas are separated by semicolons.
  const separator = dates.some((date) => date.includes(',')) ? '; ' : ', ';
  return `${title}: ${dates.map((date, index) => describePoint(values[index]!, date)).join(separator)}`;
}

/**
 * The value axis: from 0 (or the lowest value, if negative) to the instrument's declared maximum, so every chart of
 * one instrument has the same scale; without one (or with data above it), to a round number above the data.
 * Three to five ticks.
 */
function valueScale(values: readonly number[], max: number | undefined): { bottom: number; top: number; ticks: number[] } {
  const low = Math.min(0, ...values);
  const dataHigh = Math.max(low + 1, ...values);
  const declared = max !== undefined && Number.isFinite(max) && max >= dataHigh ? max : undefined;
  // Scores are counts of answers: ticks at 2.5 or 0.5 would label values no one can score.
  const integral = values.every(Number.isInteger) && (declared === undefined || Number.isInteger(declared));
  const step = Math.max(integral ? 1 : 0, niceStep(((declared ?? dataHigh) - low) / 3));
  const bottom = Math.floor(low / step) * step;
  const top = declared ?? Math.ceil(dataHigh / step) * step;
  const ticks: number[] = [];
  for (let tick = bottom; tick < top - step * 1e-9; tick = round(tick + step)) ticks.push(tick);
  // The top of a declared scale (27, 21) is rarely a multiple of the step: label it, dropping a tick too close to it.
  if (ticks.length > 1 && top - ticks.at(-1)! < step * 0.4) ticks.pop();
  ticks.push(top);
  return { bottom, top, ticks };
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const multiple = [1, 2, 5, 10].find((candidate) => candidate * magnitude >= raw - magnitude * 1e-9) ?? 10;
  return round(multiple * magnitude);
}

/**
 * Which labels to print when they would overlap: every k-th, counted back from the latest point, which is always
 * labelled. Widths are estimated (no font metrics without a browser), generously.
 */
function thinning(count: number, spacing: number, labels: readonly string[], fontSize: number): (index: number) => boolean {
  if (count < 2) return () => true;
  const widest = Math.max(...labels.map((label) => [...label].length)) * fontSize * 0.6 + 6;
  const every = Math.max(1, Math.ceil(widest / spacing));
  return (index) => (count - 1 - index) % every === 0;
}

function text(x: number, y: number, content: string, style: { size: number; fill: string; anchor?: 'middle' | 'end'; bold?: boolean }): string {
  const rtl = isRightToLeft(content) ? ' direction="rtl"' : '';
  return `<text x="${round(x)}" y="${round(y)}" text-anchor="${style.anchor ?? 'middle'}" font-size="${style.size}" fill="${style.fill}"${style.bold ? ' font-weight="700"' : ''}${rtl}>${escapeXml(content)}</text>`;
}

/**
 * A label's own direction, from its first letter (what unicode-bidi: plaintext would do). The chart is laid out
 * left to right in every language, but "4 يناير 2026" set left to right would read "2026" before the month.
 */
function isRightToLeft(label: string): boolean {
  const letter = /\p{L}/u.exec(label)?.[0];
  return letter !== undefined && /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u.test(letter);
}

const round = (value: number) => Math.round(value * 100) / 100;

/** An id that is a valid XML name and HTML id, whatever the form's and score's ids contain. */
function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `trend-${cleaned}`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text safe as XML character data and attribute values, in an SVG file or inline in HTML. Characters XML 1.0 does
 * not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped: escaped or not, they would make
 * the SVG ill-formed.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}
