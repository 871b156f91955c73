/**
 * The end-of-run summary `seglab run` prints: where the report is, the segments (names and
 * sizes), then every warning of the run (clustering, profile, CLV, campaigns, fairness), each once.
 * Extra sections (the fairness verdict) plug in through `SummarySection` functions.
 */
import type { RunResult } from '../pipeline/types';
import { msg } from '../errors/messages';

/** A section of the summary computed from the run (e.g. the fairness verdict); empty = not shown. */
export type SummarySection = (run: RunResult) => string[];

/** Every warning of a run, once each, in stage order. */
export function runWarnings(run: Pick<RunResult, 'clustering' | 'warnings' | 'clv' | 'campaigns' | 'fairness' | 'fairnessCard'>): string[] {
  const all = [
    ...run.clustering.warnings,
    ...run.warnings,
    ...(run.clv?.warnings ?? []),
    ...(run.campaigns?.warnings ?? []),
    ...run.fairness.warnings,
    ...run.fairnessCard.warnings,
  ];
  return [...new Set(all)];
}

/**
 * The summary lines: the headline, one line per segment ("  1. Champions — 412 customers (20.6%)"),
 * the lines of each extra section, then the warnings.
 * @example summaryLines(run, { seconds: '3.2', report: 'reports/demo/report.html', backend: 'cpu' }).join('\n')
 */
export function summaryLines(
  run: RunResult,
  info: { seconds: string; report: string; backend: string },
  sections: readonly SummarySection[] = [],
): string[] {
  const lines = [
    `seglab: ${run.customerIds.length.toLocaleString('en-US')} customers in ${run.clustering.k} segments (${run.representation}, backend ${info.backend}) in ${info.seconds} s.`,
    'Segments:',
    ...run.profiles.map((p) => `  ${p.segment + 1}. ${p.persona?.name ?? p.label} — ${p.size.toLocaleString('en-US')} customers (${(p.share * 100).toFixed(1)}%)`),
  ];
  for (const section of sections) lines.push(...section(run));
  const warnings = runWarnings(run);
  lines.push(warnings.length ? `${warnings.length} warning${warnings.length === 1 ? '' : 's'}:` : 'No warnings.');
  for (const w of warnings) lines.push(`warning: ${w}`);
  // The customers behind the most extreme values, for the analyst: on the terminal, never in the run folder.
  if (run.extremes?.length) lines.push(`note: ${msg.extremeValuesNamed(run.extremes)}`);
  lines.push(`Report: ${info.report}`);
  return lines;
}
