/**
 * The k section's autoencoder paragraph said "and the embedding was clustered" in every run with
 * embed.enabled, also when the standardised features won the representation choice (UCI
 * Wholesale, the fast-food A/B log: "Clustered: standardised features" in the manifest section).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kSelectionSection } from '../../lib/report/sections';
import type { ReportBlock } from '../../lib/report/types';
import { fixtureRun } from './fixture';

function paragraphs(blocks: readonly ReportBlock[]): string {
  return blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('\n');
}

test('the autoencoder paragraph says the embedding was clustered only when it was', () => {
  const { run } = fixtureRun();
  assert.equal(run.representation, 'autoencoder embedding');
  assert.match(paragraphs(kSelectionSection(run).blocks), /first compressed by an autoencoder .*, and the embedding was clustered\./);

  const featuresWon = { ...run, representation: 'standardised features' };
  const text = paragraphs(kSelectionSection(featuresWon).blocks);
  assert.doesNotMatch(text, /the embedding was clustered/);
  assert.match(text, /also compressed by an autoencoder .* to make a candidate space, but the standardised features were clustered/);
});
