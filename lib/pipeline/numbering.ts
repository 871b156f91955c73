/**
 * One segment numbering in every file: segments.csv and the report number segments 1..k ("Segment 1"
 * is the largest); inside the pipeline they are 0..k-1. The JSON outputs (fairness.json,
 * profiles.json) are renumbered here, on the way out, so every file a reader opens agrees.
 */

/** Keys holding a segment number, and keys holding lists of segment numbers. */
const SEGMENT_KEYS = new Set(['segment']);
const SEGMENT_LIST_KEYS = new Set(['segmentsBelowK', 'targetedSegments', 'suppressedSegments']);

/**
 * A deep copy of `value` with every `segment` number and every list of segment numbers
 * (segmentsBelowK, targetedSegments, suppressedSegments) shifted from 0..k-1 to 1..k.
 * @example toPublicSegmentNumbers({ cells: [{ segment: 0 }] }) // { cells: [{ segment: 1 }] }
 */
export function toPublicSegmentNumbers<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([key, x]) => {
          if (SEGMENT_KEYS.has(key) && typeof x === 'number') return [key, x + 1];
          if (SEGMENT_LIST_KEYS.has(key) && Array.isArray(x)) return [key, x.map((s) => (typeof s === 'number' ? s + 1 : s))];
          return [key, walk(x)];
        }),
      );
    }
    return v;
  };
  return walk(value) as T;
}
