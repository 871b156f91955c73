/**
 * Can k segments of n customers each meet the size floors? A segment must hold at least
 * cluster.minSegmentShare of the customers (to be chosen) and at least fairness.minCellSize of
 * them (to be described without suppression), so k segments need k × max(⌈share·n⌉, minCellSize)
 * customers. A k range whose smallest k cannot meet that is refused before any clustering.
 */
import { SeglabError, msg } from '../errors/messages';
import type { ClusterConfig } from '../config/types';

export interface KFeasibility {
  /** Customers each segment must hold. */
  perSegment: number;
  /** The largest k whose segments can all meet the floors (may be < 2). */
  kLargest: number;
}

/**
 * The floor per segment and the largest feasible k.
 * @example kFeasibility(2000, 0.02, 50) // { perSegment: 50, kLargest: 40 }
 */
export function kFeasibility(customers: number, minSegmentShare: number, minCellSize: number): KFeasibility {
  const perSegment = Math.max(1, Math.ceil(minSegmentShare * customers), minCellSize);
  return { perSegment, kLargest: Math.floor(customers / perSegment) };
}

/**
 * Throw a SeglabError (stage "cluster", with the numbers) when cluster.kMin segments cannot all
 * meet the floors; otherwise return the feasibility (callers may trim kMax to kLargest).
 * @example checkKFeasible(2000, { kMin: 50, kMax: 50, minSegmentShare: 0.02 }, 50) // throws: 50 × 50 = 2,500 > 2,000
 */
export function checkKFeasible(customers: number, cluster: Pick<ClusterConfig, 'kMin' | 'kMax' | 'minSegmentShare'>, minCellSize: number): KFeasibility {
  const f = kFeasibility(customers, cluster.minSegmentShare, minCellSize);
  if (cluster.kMin > f.kLargest) {
    throw new SeglabError('cluster', msg.kInfeasible(cluster.kMin, customers, f.perSegment, cluster.minSegmentShare, minCellSize, f.kLargest));
  }
  return f;
}
