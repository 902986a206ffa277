/**
 * Renders bench/results.json as markdown tables (docs/bench.md): `npx tsx bench/README-table.ts [results.json]`.
 * bench/run.ts prints the same tables when it finishes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Comparison, Figure, SuiteResult } from './harness.ts';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  /** os.loadavg() (1, 5, 15 min) when the run ended, and when it started: a busy machine explains wide spreads. */
  readonly loadAverage: readonly number[];
  readonly loadAverageBefore?: readonly number[];
}

export interface BenchResults {
  readonly date: string;
  readonly durationMs: number;
  readonly quick: boolean;
  readonly machine: Machine;
  readonly suites: readonly SuiteResult[];
}

export const defaultResultsFile = fileURLToPath(new URL('results.json', import.meta.url));

function formatValue(figure: Figure): string {
  if (figure.unit === 'ms') return `${figure.value < 10 ? figure.value.toFixed(2) : figure.value.toFixed(1)} ms`;
  const v = figure.value;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M ops/s`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} k ops/s`;
  return `${v.toFixed(0)} ops/s`;
}

const formatSpread = (figure: Figure): string => `±${(figure.spread * 100).toFixed(figure.spread < 0.1 ? 1 : 0)}%`;

/** "0.04× (25× faster)": the raw ratio value/baseline, then what it means for this unit. */
function formatRatio(comparison: Comparison, ratio: number): string {
  if (!Number.isFinite(ratio) || ratio === 0) return 'n/a';
  const speedup = comparison.higherIsBetter ? ratio : 1 / ratio;
  const raw = ratio >= 10 ? ratio.toFixed(0) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
  const meaning = speedup >= 1 ? `${speedup >= 10 ? speedup.toFixed(0) : speedup.toFixed(2)}× faster` : `${(1 / speedup).toFixed(2)}× slower`;
  return `${raw}× (${meaning})`;
}

/** Byte counts read better with separators; other numbers are already rounded by the suite. */
const formatCell = (cell: string | number): string =>
  typeof cell === 'number' && Number.isInteger(cell) ? cell.toLocaleString('en-US') : String(cell);

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

export function renderMachine(results: BenchResults): string {
  const m = results.machine;
  return `${results.date.slice(0, 10)} · ${m.cpu} · ${m.cores} cores · ${m.memoryGiB} GiB · Node ${m.node} · ${m.os} · load ${m.loadAverage[0] ?? '?'}${results.quick ? ' · quick run' : ''}`;
}

export function renderMarkdown(results: BenchResults): string {
  const parts = [`_${renderMachine(results)}. Medians of interleaved rounds; ± is the median absolute deviation; every ratio is to the baseline row measured in the same run._`];
  for (const suite of results.suites) {
    const ranOn = suite.date && suite.date.slice(0, 10) !== results.date.slice(0, 10) ? ` _(run on ${suite.date.slice(0, 10)})_` : '';
    parts.push(`### ${suite.suite}${ranOn}\n\n${suite.description}`);
    const rows: string[][] = [['Comparison', 'Measurement', 'Median', '±', 'vs baseline']];
    for (const comparison of suite.comparisons) {
      rows.push([comparison.title, `${comparison.baseline.name} (baseline)`, formatValue(comparison.baseline), formatSpread(comparison.baseline), '1×']);
      for (const figure of comparison.figures) rows.push(['', figure.name, formatValue(figure), formatSpread(figure), formatRatio(comparison, figure.ratio)]);
    }
    parts.push(table(rows));
    for (const extra of suite.tables ?? []) {
      parts.push(`**${extra.title}**\n\n${table([extra.columns, ...extra.rows.map((row) => row.map(formatCell))])}`);
    }
    if (suite.facts && Object.keys(suite.facts).length > 0) {
      parts.push(table([['Fact', 'Value'], ...Object.entries(suite.facts).map(([key, value]) => [key, String(value)])]));
    }
  }
  return `${parts.join('\n\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const file = resolve(process.argv[2] ?? defaultResultsFile);
  process.stdout.write(renderMarkdown(JSON.parse(readFileSync(file, 'utf8')) as BenchResults));
}
