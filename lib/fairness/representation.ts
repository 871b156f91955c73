import type { FairnessConfig } from '../config/types';
import { msg } from '../errors/messages';
import type { AttributeRepresentation, FairnessResult, RepresentationCell } from './types';

/** A protected attribute's values for the segmented customers: text, or numbers to be binned. */
export type ProtectedValues = { kind: 'text'; values: (string | null)[] } | { kind: 'numeric'; values: (number | null)[] };

/** Bin a number at the given edges: [..25) "<25", [25, 35) "25-34", ..., [65, ..) "65+". */
export function binLabel(x: number, edges: readonly number[]): string {
  if (x < edges[0]) return `<${edges[0]}`;
  for (let i = 1; i < edges.length; i++) if (x < edges[i]) return `${edges[i - 1]}-${edges[i] - 1}`;
  return `${edges[edges.length - 1]}+`;
}

const MISSING_GROUP = '(missing)';

/**
 * The first bias check: for each protected attribute, each group's share in each segment vs its
 * share in the population. The ratio is flagged outside [lower, upper] (four-fifths rule by
 * default). Cells with fewer than minCellSize customers are suppressed (count and ratio hidden),
 * and so is the population share of a group smaller than that.
 * @example representation({ gender: { kind: 'text', values: ['F', 'M'] } }, [0, 1], 2, cfg)
 */
export function representation(
  attributes: Record<string, ProtectedValues>,
  labels: readonly number[],
  k: number,
  cfg: Pick<FairnessConfig, 'lower' | 'upper' | 'numericBins' | 'minCellSize'> & { protected?: string[] },
): FairnessResult {
  const warnings: string[] = [];
  const result: AttributeRepresentation[] = Object.entries(attributes).map(([attribute, spec]) => {
    const groupsOf: string[] =
      spec.kind === 'text'
        ? spec.values.map((v) => v ?? MISSING_GROUP)
        : spec.values.map((v) => (v === null ? MISSING_GROUP : binLabel(v, cfg.numericBins)));
    const n = groupsOf.length;
    const groupCount = new Map<string, number>();
    for (const g of groupsOf) groupCount.set(g, (groupCount.get(g) ?? 0) + 1);
    const groups = [...groupCount.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([group, count]) => ({ group, count, populationShare: count / n }));
    for (const g of groups) if (g.count < cfg.minCellSize) warnings.push(msg.smallGroup(attribute, g.group, g.count));

    const segSize = new Array<number>(k).fill(0);
    const cellCount = new Map<string, number>();
    groupsOf.forEach((g, i) => {
      segSize[labels[i]]++;
      const key = `${labels[i]}\u0000${g}`;
      cellCount.set(key, (cellCount.get(key) ?? 0) + 1);
    });
    const cells: RepresentationCell[] = [];
    for (let s = 0; s < k; s++) {
      for (const g of groups) {
        const count = cellCount.get(`${s}\u0000${g.group}`) ?? 0;
        // A group entirely absent from a segment is a finding, not a small cell: 0 is published and fails.
        const suppressed = (count < cfg.minCellSize && count !== 0) || g.count < cfg.minCellSize;
        const segmentShare = segSize[s] ? count / segSize[s] : 0;
        const ratio = segmentShare / g.populationShare;
        cells.push({
          segment: s,
          group: g.group,
          count: suppressed ? null : count,
          segmentShare: suppressed ? null : segmentShare,
          populationShare: g.populationShare,
          ratio: suppressed ? null : ratio,
          verdict: suppressed ? 'suppressed' : ratio < cfg.lower || ratio > cfg.upper ? 'flag' : 'pass',
        });
      }
    }
    return {
      attribute,
      grouping: spec.kind === 'text' ? 'categorical' : `binned at ${cfg.numericBins.join(', ')}`,
      groups,
      cells,
      flagged: cells.filter((c) => c.verdict === 'flag').length,
    };
  });
  return { lower: cfg.lower, upper: cfg.upper, minCellSize: cfg.minCellSize, attributes: result, warnings };
}
