/** Hillstrom's e-mail test (../shared/datasets/hillstrom-email, see its PROVENANCE.md 'Reference results'). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCampaigns } from '../../lib/campaigns/evaluate';
import { newcombeDifference } from '../../lib/campaigns/intervals';
import { createRng } from '../../lib/random/rng';
import { readHillstrom } from './datasets';
import { needsDatasets } from '../helpers/paths';

const skip = needsDatasets('hillstrom-email');
let hillstrom!: ReturnType<typeof readHillstrom>;
let segmentOf!: Map<string, string>;
let result!: ReturnType<typeof evaluateCampaigns>;
if (!skip) {
  hillstrom = readHillstrom(0.1);
  segmentOf = new Map(hillstrom.log.customerId.map((id, i): [string, string] => [id, hillstrom.text.history_segment[i]]));
  result = evaluateCampaigns(hillstrom.log, segmentOf, { controlArm: 'No E-Mail' }, createRng(42));
}

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;

test('Hillstrom overall means: visit 0.14678, conversion 0.00903, spend 1.05091', { skip }, () => {
  assert.equal(hillstrom.log.customerId.length, 64000);
  assert.equal(mean(hillstrom.log.engagement?.visit ?? []).toFixed(5), '0.14678');
  assert.equal(mean(hillstrom.log.converted).toFixed(5), '0.00903');
  assert.equal(mean(hillstrom.spend).toFixed(5), '1.05091');
});

test('Hillstrom per arm: n, visit, conversion, spend and sums as in PROVENANCE', { skip }, () => {
  const expected: Record<string, [number, number, number, number, number, number]> = {
    'Mens E-Mail': [21307, 0.182757, 0.012531, 1.422617, 267, 30311.69],
    'Womens E-Mail': [21387, 0.1514, 0.008837, 1.077202, 189, 23038.11],
    'No E-Mail': [21306, 0.106167, 0.005726, 0.652789, 122, 13908.33],
  };
  for (const cell of result.overall) {
    const [n, visit, conversion, spend, conversions, revenue] = expected[cell.arm];
    assert.equal(cell.exposures, n);
    assert.equal(cell.engagement.visit.rate.toFixed(6), visit.toFixed(6));
    assert.equal(cell.conversionRate.toFixed(6), conversion.toFixed(6));
    assert.equal(cell.revenuePerCustomer.toFixed(6), spend.toFixed(6));
    assert.equal(cell.conversions, conversions);
    assert.ok(Math.abs(cell.revenue - revenue) < 0.005);
  }
  assert.equal(result.controlArm, 'No E-Mail');
  assert.deepEqual(result.arms, ['Mens E-Mail', 'No E-Mail', 'Womens E-Mail']);
});

test('Hillstrom treatment effects vs No E-Mail: conversion +0.006805 / +0.003111, spend +0.769827 / +0.424412 per customer', { skip }, () => {
  const mens = result.overall.find((c) => c.arm === 'Mens E-Mail')?.versusControl;
  const womens = result.overall.find((c) => c.arm === 'Womens E-Mail')?.versusControl;
  assert.ok(mens && womens);
  assert.equal(mens.uplift.toFixed(6), '0.006805');
  assert.equal(womens.uplift.toFixed(6), '0.003111');
  assert.equal((mens.incrementalRevenue / 21307).toFixed(6), '0.769827');
  assert.equal((womens.incrementalRevenue / 21387).toFixed(6), '0.424412');
  assert.deepEqual(mens.upliftInterval, newcombeDifference(267, 21307, 122, 21306));
  assert.ok(mens.upliftInterval[0] > 0 && womens.upliftInterval[0] > 0, 'both e-mails lift conversion overall');
  // Profit with $0.10 per e-mail and margin 1: 21307 × (0.769827 − 0.1).
  assert.ok(Math.abs(mens.incrementalProfit - 21307 * (0.769827 - 0.1)) < 0.05);
  assert.ok(mens.roi !== null && mens.roiInterval !== null && mens.roiInterval[0] < mens.roi && mens.roi < mens.roiInterval[1]);
  assert.ok(mens.probabilityBest > 0.9, `Mens P(best) ${mens.probabilityBest}`);
});

test('per-segment cells add up to the arms, and every recommendation meets the evidence rule', { skip }, () => {
  for (const arm of result.arms) {
    const cells = result.cells.filter((c) => c.arm === arm);
    assert.equal(cells.length, 7);
    assert.equal(cells.reduce((s, c) => s + c.exposures, 0), result.overall.find((c) => c.arm === arm)?.exposures);
  }
  assert.equal(result.decisions.length, 7);
  for (const d of result.decisions) {
    if (d.recommendation) {
      assert.ok(d.recommendation.upliftInterval[0] > 0);
      assert.ok(d.recommendation.probabilityBest >= 0.9);
      assert.ok(d.recommendation.incrementalProfitPerCustomer > 0);
      assert.notEqual(d.recommendation.arm, 'No E-Mail');
      assert.equal(d.reason, null);
    } else {
      assert.ok(d.reason && d.reason.length > 0);
    }
  }
  assert.ok(result.decisions.some((d) => d.recommendation !== null), 'some segment gets a recommendation');
  assert.ok(result.decisions.some((d) => d.recommendation === null && d.nextTest !== null), 'some segment needs more testing');
  // Where both e-mails clearly beat no e-mail but neither is clearly best, the next test pits them against each other.
  for (const d of result.decisions) {
    if (d.nextTest === null) continue;
    const best = result.cells.find((c) => c.segment === d.segment && c.arm === d.bestArm);
    const liftEstablished = (best?.versusControl?.upliftInterval[0] ?? 0) > 0;
    assert.equal(d.nextTest.against === 'No E-Mail', !liftEstablished, d.segment);
  }
});

test('the result is JSON-serialisable, deterministic for a seed, and does not mutate its inputs', { skip }, () => {
  const frozen = {
    customerId: Object.freeze(hillstrom.log.customerId.slice(0, 5000)),
    arm: Object.freeze(hillstrom.log.arm.slice(0, 5000)),
    converted: Object.freeze(hillstrom.log.converted.slice(0, 5000)),
    revenue: Object.freeze((hillstrom.log.revenue ?? []).slice(0, 5000)),
    cost: Object.freeze((hillstrom.log.cost ?? []).slice(0, 5000)),
  };
  const a = evaluateCampaigns(frozen, segmentOf, { controlArm: 'No E-Mail', bootstrap: 200, posteriorDraws: 2000 }, createRng(7));
  const b = evaluateCampaigns(frozen, segmentOf, { controlArm: 'No E-Mail', bootstrap: 200, posteriorDraws: 2000 }, createRng(7));
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  const c = evaluateCampaigns(frozen, segmentOf, { controlArm: 'No E-Mail', bootstrap: 200, posteriorDraws: 2000 }, createRng(8));
  assert.notEqual(JSON.stringify(a.cells.map((x) => x.versusControl?.roiInterval)), JSON.stringify(c.cells.map((x) => x.versusControl?.roiInterval)));
});
