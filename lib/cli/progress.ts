/**
 * The progress display of `seglab run`. On a terminal (stderr is a TTY) one line is redrawn in
 * place on stderr: the stage, rows so far, a bar of stages done and the elapsed time; elsewhere
 * (a pipe, a CI log) each stage prints one plain line through `log` when it ends, so error
 * output stays one line.
 */
import type { StageEvent, StageListener } from '../pipeline/run';

/** The stages of a run, in order, with plain words for the display. */
export const STAGE_WORDS: Readonly<Record<string, string>> = {
  load: 'reading the input files',
  clean: 'cleaning',
  digest: 'hashing the inputs',
  features: 'building features',
  backend: 'starting TensorFlow.js',
  embed: 'training the autoencoder',
  cluster: 'choosing k and segmenting',
  profile: 'profiling the segments',
  clv: 'estimating customer lifetime value',
  campaigns: 'evaluating the campaigns',
  fairness: 'checking fairness',
  map: 'drawing the segment map',
  write: 'writing the report and run folder',
};
const STAGES = Object.keys(STAGE_WORDS);

/** Where the display writes: a stream with an optional TTY flag and width. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Rows a stage's result speaks of, for the display ("2,000 customers"); null when none. */
export function stageRows(stage: string, result: unknown): string | null {
  const r = result as Record<string, unknown> | null | undefined;
  if (!r || typeof r !== 'object') return null;
  if (stage === 'load') {
    const tables = [r.customers, r.transactions, ...Object.values((r.extras as Record<string, unknown>) ?? {})] as ({ rows?: unknown[]; rowCount?: number } | undefined)[];
    const rows = tables.reduce((s, t) => s + (t ? (Array.isArray(t.rows) ? t.rows.length : Math.max(0, t.rowCount ?? 0)) : 0), 0);
    return `${rows.toLocaleString('en-US')} rows`;
  }
  if (stage === 'features' && Array.isArray(r.customerIds)) return `${r.customerIds.length.toLocaleString('en-US')} customers`;
  if (stage === 'cluster' && r.clustering && typeof (r.clustering as { k?: unknown }).k === 'number') return `k = ${(r.clustering as { k: number }).k}`;
  return null;
}

/** A text bar: `[#####-----]`. */
export function bar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/**
 * A stage listener that draws progress on `stream` (usually process.stderr).
 * @example const progress = progressDisplay(process.stderr, console.log); await runPipeline(config, { onStage: progress.listener }); progress.done();
 */
export function progressDisplay(
  stream: ProgressStream,
  log: (line: string) => void,
  now: () => number = () => performance.now(),
): { listener: StageListener; done: () => void } {
  const t0 = now();
  const tty = stream.isTTY === true;
  let finished = 0;
  let rows: string | null = null;
  let drawn = false;
  const seconds = (): string => `${((now() - t0) / 1000).toFixed(1)} s`;
  const draw = (stage: string, detail?: string): void => {
    const words = STAGE_WORDS[stage] ?? stage;
    const line = `seglab ${bar(finished, STAGES.length)} ${words}${detail ? ` (${detail})` : ''}${rows ? ` · ${rows}` : ''} · ${seconds()}`;
    const width = Math.max(40, (stream.columns || 100) - 1);
    stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    drawn = true;
  };
  const listener = (e: StageEvent): void => {
    if (e.phase === 'start') {
      if (tty) draw(e.stage);
      return;
    }
    // Steps inside a long stage (k scan, epochs) redraw the line on a terminal; a log gets none.
    if (e.phase === 'step') {
      if (tty) draw(e.stage, e.detail);
      return;
    }
    finished = Math.min(STAGES.length, Math.max(finished, STAGES.indexOf(e.stage) + 1));
    rows = stageRows(e.stage, e.result) ?? rows;
    if (tty) draw(e.stage);
    else {
      const found = stageRows(e.stage, e.result);
      log(`seglab: ${STAGE_WORDS[e.stage] ?? e.stage} done in ${((e.ms ?? 0) / 1000).toFixed(1)} s${found ? ` (${found})` : ''}`);
    }
  };
  const done = (): void => {
    if (tty && drawn) stream.write('\r\x1b[2K');
  };
  return { listener, done };
}
