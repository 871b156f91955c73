/**
 * The drop-proxies mitigation reruns the chosen pipeline without the proxy features. The fairness
 * card calls its `recluster` callback synchronously, but refitting the autoencoder (when the
 * embedding won) is asynchronous; so the card is computed once to learn which columns the rerun
 * keeps, the pipeline is refitted on those columns, and the card is computed again with the
 * refitted labels. The card is seeded, so both passes choose the same proxies.
 */
import type { FairnessCard } from '../fairness/types';

type Recluster = (points: number[][], keptColumns: number[]) => number[];

/**
 * @param compute computes the card with the given recluster callback.
 * @param featureRecluster the synchronous rerun for a feature-space winner.
 * @param refit when set (the winner is a fitted embedding), the asynchronous rerun: kept columns -> labels.
 * @param placeholder labels returned during the first pass (never published: that pass is discarded).
 * @param note appended to the drop-proxies description when the refit ran.
 * @example await cardWithPipelineRerun((rc) => fairnessCard({ ...input, recluster: rc }, rng()), rc, refit, labels, 'refitted')
 */
export async function cardWithPipelineRerun(
  compute: (recluster: Recluster) => FairnessCard,
  featureRecluster: Recluster,
  refit: ((keptColumns: number[]) => Promise<number[]>) | null,
  placeholder: readonly number[],
  note: string,
): Promise<FairnessCard> {
  if (!refit) return compute(featureRecluster);
  let kept: number[] | null = null;
  const first = compute((_points, keptColumns) => {
    kept = keptColumns;
    return placeholder.slice();
  });
  if (kept === null) return first;
  const labels = await refit(kept);
  const second = compute(() => labels.slice());
  return { ...second, mitigation: second.mitigation.map((m) => (m.method === 'drop-proxies' ? { ...m, description: `${m.description} ${note}` } : m)) };
}
