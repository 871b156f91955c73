/**
 * The criteria sentence: features.families defaults to ["behavioural"], so a customers-only table
 * (the fast-food A/B log with features.behavioural [], or any table without order lines) read
 * "Segmentation criteria (features.families): behavioural." although every feature was a customer
 * column. It now says no behavioural feature was used and why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { criteriaSentence } from '../../lib/report/criteria';
import type { ReportRun } from '../../lib/report/types';
import { tempDir } from '../helpers/paths';

const dir = tempDir('seglab-criteria-');
const run = (config: Record<string, unknown>, featureNames: string[]) =>
  criteriaSentence({ config: validateConfig({ name: 'c', ...config }, dir), featureNames } as unknown as ReportRun);

test('families "behavioural" (the default) on a customers-only run says no behavioural feature was used', () => {
  const noBehaviour = run({ sources: { customers: { path: path.join(dir, 'c.csv') } }, features: { behavioural: [], customerColumns: ['SalesInThousands'] } }, ['SalesInThousands']);
  assert.match(noBehaviour, /^Segmentation criteria \(features\.families\): behavioural\. No behavioural feature was used, though the criterion is listed \(features\.behavioural is empty\)/);
  const noOrders = run({ sources: { customers: { path: path.join(dir, 'c.csv') } }, features: { customerColumns: ['income'] } }, ['income']);
  assert.match(noOrders, /No behavioural feature was used, though the criterion is listed \(there are no transactions\)/);
});

test('a run with order lines and behavioural features keeps the plain sentence', () => {
  const withOrders = run(
    { sources: { customers: { path: path.join(dir, 'c.csv') }, transactions: { path: path.join(dir, 't.csv') } }, columns: { orderDate: 'order_date', amount: 'amount' } },
    ['recency_days', 'frequency'],
  );
  assert.equal(withOrders, 'Segmentation criteria (features.families): behavioural.');
  const declared = run({ sources: { customers: { path: path.join(dir, 'c.csv') } }, features: { behavioural: [], customerColumns: ['Fresh'], families: ['firmographic'] } }, ['Fresh']);
  assert.equal(declared, 'Segmentation criteria (features.families): firmographic.');
});
