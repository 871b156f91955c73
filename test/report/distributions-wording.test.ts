import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distributionsSection } from '../../lib/report/sections-personas';
import type { ReportRun } from '../../lib/report/types';

const run = (features: string[]): ReportRun =>
  ({
    distributions: features.map((feature) => ({ feature, segment: 1, q05: 1, q25: 2, q50: 3, q75: 4, q95: 5 })),
    profiles: [],
    config: { features: { labels: { Fresh: 'fresh food' } }, profile: { currency: null } },
  }) as unknown as ReportRun;

test('distributions section: RFM wording only for the RFM features; a customers-only table names its own columns', () => {
  const other = distributionsSection(run(['Fresh', 'Milk']));
  assert.equal(other?.title, 'Feature distributions by segment');
  const text = JSON.stringify(other?.blocks[0]);
  assert.match(text, /spread on fresh food, Milk\./);
  assert.doesNotMatch(text, /recency/);
  assert.equal(distributionsSection(run(['recency_days', 'frequency']))?.title, 'Recency, frequency and spend by segment');
});
