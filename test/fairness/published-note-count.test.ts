/**
 * New-user trial on UCI Online Shoppers (2026-11-29): the fairness card read "Computed over the 10306
 * customers of the groups whose cells are all published" where every other count of the report has a
 * thousands separator ("12,330 customers"). The note's count is the sum of the published groups' sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cramersVCheck, nmiCheck } from '../../lib/fairness/checks';
import { DEFAULT_THRESHOLDS } from '../../lib/fairness/card';

test('the published-cells note prints its customer count with a thousands separator', () => {
  // Online Shoppers' Region: 12,330 customers, groups 7, 9, 8 and 5 left out (761 + 511 + 434 + 318).
  const customers = 12330 - (761 + 511 + 434 + 318);
  assert.equal(customers, 10306);
  const byGroups = { attribute: 'Region', cramersV: 0.0186, nmi: 0.000455, chiSquare: 14.3, uncertaintyRemoved: 0.0005, customers, groupsLeftOut: ['7', '9', '8', '5'] };
  for (const check of [cramersVCheck(byGroups, DEFAULT_THRESHOLDS), nmiCheck(byGroups, DEFAULT_THRESHOLDS)]) {
    assert.match(check.sentence, /Computed over the 10,306 customers of the groups whose cells are all published/, check.sentence);
  }
  const bySegments = { ...byGroups, groupsLeftOut: [], suppressedSegments: [3, 4] };
  assert.match(cramersVCheck(bySegments, DEFAULT_THRESHOLDS).sentence, /Computed over the 10,306 customers of the segments whose cells are all published; segments 4, 5 left out/);
});
