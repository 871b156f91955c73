/**
 * New-user trial on UCI Online Shoppers (2026-11-29): "such a tie goes to the representation listed
 * first (features reweighted within segments, then plain features, then embeddings)" where only the
 * standardised features and the autoencoder embedding were tried. The sentence names the order of the
 * representations the run tried.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRepresentation } from '../../lib/cluster/representation';
import { createRng } from '../../lib/random/rng';
import { clusterConfig, gaussianBlobs } from './fixtures';

test('a tie between representations names the order of those tried, not one that was not', () => {
  const blobs = gaussianBlobs([[0, 0], [8, 0], [0, 8]], [150, 120, 90], 1, 5);
  // The same blobs twice (the second a scaled copy): both find the same segments, a tie by construction.
  const candidates = [
    { name: 'standardised features', points: blobs.points },
    { name: 'autoencoder embedding', points: blobs.points.map(([x, y]) => [x / 3, y / 3]) },
  ];
  const choice = chooseRepresentation(candidates, clusterConfig({ kMin: 2, kMax: 4 }), createRng(2));
  const [a, b] = choice.evidence;
  assert.ok(Math.abs(a.agreement - b.agreement) <= 0.02, 'the fixture ties');
  assert.equal(choice.chosen, 'standardised features');
  assert.match(choice.reason, /such a tie goes to the representation tried first \(standardised features, then autoencoder embedding\)/, choice.reason);
  assert.doesNotMatch(choice.reason, /reweighted/);
});
