/**
 * A persona card's evidence for a 0/1 column (a one-hot level, a flag) says what share of the segment
 * has it; IBM Telco churn's cards read "internet service: DSL 1 on average" and "online security: No 0.274 on average".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePersonas } from '../../lib/profile/personas';
import { personaCard } from '../../lib/report/sections-personas';
import type { SegmentProfile } from '../../lib/profile/types';

const seg = (segment: number, size: number, share: number, z: number): SegmentProfile => ({
  segment,
  label: `Segment ${segment + 1}`,
  size,
  share: size / 1000,
  valueShare: size / 1000,
  features: [
    { feature: 'OnlineSecurity=No', mean: share, median: share >= 0.5 ? 1 : 0, zMean: z, flag: true },
    { feature: 'MonthlyCharges', mean: 60 + 30 * z, median: 60 + 30 * z, zMean: z },
  ],
});

test('persona card evidence: a 0/1 column as a share of the segment, a number as its mean', () => {
  const { profiles } = describePersonas([seg(0, 700, 0.274, -0.4), seg(1, 300, 0.935, 0.9)], { minCellSize: 10 });
  const lines = profiles.map((p) => {
    const card = personaCard(p, 10, null);
    return [...card.above, ...card.below];
  });
  const all = lines.flat();
  assert.ok(all.some((l) => /^are more often without online security: online security: No in 93\.5% of the segment \(\+[\d.]+ SD vs the rest\)$/.test(l)), all.join(' | '));
  assert.ok(all.some((l) => /^are less often without online security: online security: No in 27\.4% of the segment \(\u2212[\d.]+ SD vs the rest\)$/.test(l)), all.join(' | '));
  assert.ok(all.some((l) => /^have high monthly charges: monthly charges 87 on average/.test(l)), all.join(' | '));
  assert.ok(!all.some((l) => /No (0\.274|0\.935) on average/.test(l)));
});
