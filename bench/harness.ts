/**
 * A small benchmark harness on plain `process.hrtime.bigint()`. These machines are noisy, so no figure stands
 * alone: every comparison has a baseline measured in the same run, candidates are measured in interleaved rounds
 * (drift hits all of them alike), and the median of the rounds is reported with its spread.
 */

export type Unit = 'ops/s' | 'ms';

export interface Figure {
  readonly name: string;
  readonly unit: Unit;
  /** Median of the rounds. */
  readonly value: number;
  /** Median absolute deviation of the rounds, as a fraction of the median. */
  readonly spread: number;
  readonly rounds: readonly number[];
}

export interface Comparison {
  readonly title: string;
  readonly unit: Unit;
  /** ops/s: more is better; ms: less is better. */
  readonly higherIsBetter: boolean;
  readonly baseline: Figure;
  /** Every other figure with its ratio to the baseline (value / baseline value). */
  readonly figures: readonly (Figure & { readonly ratio: number })[];
  /** A target from an issue, checked on one figure's speed relative to the baseline. */
  readonly target?: Target;
}

/**
 * "The figure runs at least `atLeast`× the baseline's speed" (ops/s: ratio ≥ atLeast; ms: baseline / figure ≥
 * atLeast), or "at most `atMost`× the baseline's time" (ms only). 0.5× speed is half as fast; 3× speed is 3× faster.
 */
export interface Target {
  /** The name of the figure the target is about. */
  readonly figure: string;
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** The figure's speed as a multiple of the baseline's: above 1 is faster, whatever the unit. */
export function speedOf(comparison: Comparison, figure: { readonly ratio: number }): number {
  return comparison.higherIsBetter ? figure.ratio : 1 / figure.ratio;
}

/** Whether the comparison meets its target; undefined when it has none. */
export function meetsTarget(comparison: Comparison): boolean | undefined {
  const { target } = comparison;
  if (!target) return undefined;
  const figure = comparison.figures.find((candidate) => candidate.name === target.figure);
  if (!figure) throw new Error(`target names ${target.figure}, not a figure of "${comparison.title}"`);
  if (target.atLeast !== undefined && !(speedOf(comparison, figure) >= target.atLeast)) return false;
  if (target.atMost !== undefined && !(figure.ratio <= target.atMost)) return false;
  return true;
}

export interface SuiteContext {
  /** Fewer and shorter rounds, for a smoke run. */
  readonly quick: boolean;
  readonly log: (message: string) => void;
}

export interface SuiteResult {
  readonly suite: string;
  /** When this suite ran: results.json keeps each suite's last run, so suites can date from different runs. */
  readonly date?: string;
  readonly description: string;
  readonly comparisons: readonly Comparison[];
  /** Non-timing facts worth keeping beside the figures (sizes, counts). */
  readonly facts?: Readonly<Record<string, string | number>>;
  /** Per-item figures (one row per function, say) that neither a comparison nor a flat fact list can hold. */
  readonly tables?: readonly ResultTable[];
}

/** Numbers stay numbers so results.json can be read by a program; the markdown renderer formats them. */
export interface ResultTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** What a benchmark module in bench/ exports as `suite`. */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(context: SuiteContext): Promise<Omit<SuiteResult, 'suite' | 'description'>>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function figure(name: string, unit: Unit, rounds: readonly number[]): Figure {
  const value = median(rounds);
  const spread = value === 0 ? 0 : median(rounds.map((round) => Math.abs(round - value))) / value;
  return { name, unit, value, spread, rounds };
}

export function compare(title: string, baseline: Figure, others: readonly Figure[], target?: Omit<Target, 'figure'> & { readonly figure?: string }): Comparison {
  return {
    title,
    unit: baseline.unit,
    higherIsBetter: baseline.unit === 'ops/s',
    baseline,
    figures: others.map((other) => ({ ...other, ratio: baseline.value === 0 ? Number.NaN : other.value / baseline.value })),
    ...(target ? { target: { ...target, figure: target.figure ?? others[0]!.name } } : {}),
  };
}

/** Keeps results alive so the optimiser cannot drop the work being measured. */
let sink = 0;
export const consume = (value: unknown): void => {
  sink = (sink + (value === undefined || value === false ? 1 : 2)) | 0;
};

type Loop = (fn: () => unknown, iterations: number) => number;

/**
 * A fresh loop function per candidate: one shared loop would see every candidate at its call site, turn
 * megamorphic and slow down whichever candidate runs after the first.
 */
function freshLoop(): Loop {
  return new Function(
    'fn',
    'iterations',
    'let kept = 0; for (let i = 0; i < iterations; i++) { if (fn() !== undefined) kept++; } return kept;',
  ) as Loop;
}

export interface Candidate {
  readonly name: string;
  readonly fn: () => unknown;
}

export interface ThroughputOptions {
  readonly rounds: number;
  /** Target duration of one round of one candidate. */
  readonly roundMs: number;
  readonly warmupMs: number;
}

/** ops/s of each candidate: calibrated, warmed up, then measured in interleaved rounds. */
export function throughput(candidates: readonly Candidate[], options: ThroughputOptions): Figure[] {
  const loops = candidates.map(() => freshLoop());
  const iterations = candidates.map((candidate, i) => {
    // Warm up (lets the JIT optimise) while finding how many calls fill a round.
    let n = 16;
    const warmupEnd = process.hrtime.bigint() + BigInt(Math.round(options.warmupMs * 1e6));
    let perCallNs = 0;
    while (process.hrtime.bigint() < warmupEnd || perCallNs === 0) {
      const start = process.hrtime.bigint();
      consume(loops[i]!(candidate.fn, n));
      const elapsed = Number(process.hrtime.bigint() - start);
      perCallNs = elapsed / n;
      if (elapsed < 1e6) n *= 2;
    }
    return Math.max(1, Math.round((options.roundMs * 1e6) / Math.max(perCallNs, 0.01)));
  });
  const rounds = candidates.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < candidates.length; k++) {
      const i = (k + round) % candidates.length; // rotate the order every round
      const start = process.hrtime.bigint();
      consume(loops[i]!(candidates[i]!.fn, iterations[i]!));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      rounds[i]!.push(iterations[i]! / seconds);
    }
  }
  return candidates.map((candidate, i) => figure(candidate.name, 'ops/s', rounds[i]!));
}

/** Milliseconds of one-off work (each repetition sets up its own fresh state): interleaved rounds, like `throughput`. */
export async function oneOffs(
  tasks: readonly { readonly name: string; readonly work: (repetition: number) => unknown | Promise<unknown> }[],
  repetitions: number,
): Promise<Figure[]> {
  const rounds = tasks.map(() => [] as number[]);
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (let k = 0; k < tasks.length; k++) {
      const i = (k + repetition) % tasks.length;
      const start = process.hrtime.bigint();
      consume(await tasks[i]!.work(repetition));
      rounds[i]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return tasks.map((task, i) => figure(task.name, 'ms', rounds[i]!));
}

/** A figure measured elsewhere (a child process), given its rounds. */
export const figureOf = (name: string, unit: Unit, rounds: readonly number[]): Figure => figure(name, unit, rounds);
