/**
 * The names of the spaces a silhouette or an agreement is measured in, one wording everywhere, so
 * two figures for the same segments never read as a contradiction: the clustered space (the
 * standardised features after automatic log-scaling of skewed columns and clipping of extremes, or
 * the autoencoder embedding) and plain z-scores (configured log columns only, no clipping).
 */

/** The plain z-score space of the "agree with plain k-means" comparison and the summary silhouette. */
export const PLAIN_SPACE = 'plain z-scores of the features (no automatic log-scaling, no clipping)';

/**
 * The clustered space, named after the chosen representation.
 * @example clusteredSpace('standardised features') // 'the clustered space (log-scaled, clipped, standardised features)'
 */
export function clusteredSpace(representation: string): string {
  if (representation === 'standardised features') return 'the clustered space (log-scaled, clipped, standardised features)';
  return `the clustered space (the ${representation})`;
}
