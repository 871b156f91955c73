/** Shared fixtures for the profile and persona tests. */
import type { SegmentProfile } from '../../lib/profile/types';

/**
 * A segment profile from [feature, zMean] pairs: mean = median = base + unit·z, value share = share.
 * @example profileFromZ(0, 296, 440, [['Fresh', 0.12]], 3, 1)
 */
export function profileFromZ(segment: number, size: number, n: number, z: [string, number][], base = 100, unit = 10): SegmentProfile {
  return {
    segment,
    label: `Segment ${segment + 1}`,
    size,
    share: size / n,
    valueShare: size / n,
    features: z.map(([feature, zMean]) => ({ feature, mean: base + unit * zMean, median: base + unit * zMean, zMean })),
  };
}
