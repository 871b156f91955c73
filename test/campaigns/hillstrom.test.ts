/** Hillstrom's e-mail test (../shared/datasets/hillstrom-email, see its PROVENANCE.md 'Reference results'). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCampaigns } from '../../lib/campaigns/evaluate';
import { newcombeDifference } from '../../lib/campaigns/intervals';
import { chiSquareSurvival } from '../../lib/campaigns/heterogeneity';
import { campaignsSection } from '../../lib/report/sections-value';
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
  // Uplift does not differ between history segments (Cochran's Q, Bonferroni over the two e-mails):
  // one campaign-wide decision, the same in every segment, rather than noise-driven differences.
  assert.equal(result.segmentsDiffer, false);
  assert.equal(new Set(result.decisions.map((d) => d.recommendation?.arm ?? null)).size, 1);
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

test('Hillstrom: Cochran\'s Q of uplift across history segments, recomputed by hand, gates per-segment decisions; next tests sized for the observed effect', { skip }, () => {
  const h = result.heterogeneity ?? [];
  assert.deepEqual(h.map((x) => x.arm), ['Mens E-Mail', 'Womens E-Mail']);
  const segments = [...new Set(hillstrom.text.history_segment)].sort();
  for (const test of h) {
    // Independent recomputation from the raw rows.
    let wSum = 0;
    let wdSum = 0;
    const rows = segments.map((s) => {
      const rate = (arm: string): { p: number; n: number } => {
        let n = 0;
        let c = 0;
        hillstrom.log.arm.forEach((a, i) => {
          if (a === arm && hillstrom.text.history_segment[i] === s) {
            n++;
            c += hillstrom.log.converted[i];
          }
        });
        return { p: c / n, n };
      };
      const t = rate(test.arm);
      const c = rate('No E-Mail');
      const v = Math.max(t.p * (1 - t.p), 1 / t.n) / t.n + Math.max(c.p * (1 - c.p), 1 / c.n) / c.n;
      wSum += 1 / v;
      wdSum += (t.p - c.p) / v;
      return { d: t.p - c.p, v };
    });
    const pooled = wdSum / wSum;
    const q = rows.reduce((a, r) => a + (r.d - pooled) ** 2 / r.v, 0);
    assert.ok(Math.abs(test.q - q) < 1e-9 && Math.abs(test.pooledUplift - pooled) < 1e-12);
    assert.equal(test.df, segments.length - 1);
    assert.ok(test.pValue !== null && test.pValue > 0 && test.pValue < 1);
  }
  // The decisions follow the test: campaign-wide when no arm's uplift differs between segments.
  if (result.segmentsDiffer === false) for (const d of result.decisions) assert.match(String(d.pooled), /Cochran's Q/);
  for (const d of result.decisions) {
    if (!d.nextTest) continue;
    assert.ok(d.nextTest.basis === 'observed' || Math.abs(d.nextTest.uplift - result.options.minDetectableUplift) < 1e-12);
    assert.ok(typeof d.nextTest.customersPerArmAtMinimum === 'number' && typeof d.nextTest.practical === 'boolean');
  }
  assert.equal(result.valueMeasure, 'incremental profit');
  // With no cost and margin 1, the value measure is revenue, and the sentences say so.
  const free = evaluateCampaigns({ ...hillstrom.log, cost: undefined }, segmentOf, { controlArm: 'No E-Mail', posteriorDraws: 2000, bootstrap: 100 }, createRng(42));
  assert.equal(free.valueMeasure, 'incremental revenue');
  assert.ok(free.decisions.every((d) => !(d.reason ?? '').includes('incremental profit')));
});

test('chi-square survival function matches tables', () => {
  // R: pchisq(3.84146, 1, lower = FALSE) = 0.05; pchisq(11.0705, 5, lower = FALSE) = 0.05; pchisq(2, 6, lower = FALSE) = 0.9196986.
  assert.ok(Math.abs(chiSquareSurvival(3.841459, 1) - 0.05) < 1e-6);
  assert.ok(Math.abs(chiSquareSurvival(11.0705, 5) - 0.05) < 1e-5);
  assert.ok(Math.abs(chiSquareSurvival(2, 6) - 0.9196986) < 1e-6);
  assert.ok(Math.abs(chiSquareSurvival(30, 6) - 3.9308e-5) < 1e-8);
});

test('Hillstrom: campaigns.json carries the heterogeneity test and observed-effect test sizes, and the report says them', { skip }, () => {
  const json = JSON.parse(JSON.stringify(result));
  assert.equal(json.heterogeneity.length, 2);
  assert.ok(json.heterogeneity.every((h: { pValue: number }) => h.pValue > 0.01));
  const section = campaignsSection({ ...result, budget: null }, (s) => `Segment ${s}`);
  const text = section.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join('\n');
  assert.match(text, /Cochran\u2019s Q test of each campaign\u2019s per-segment uplifts \("Mens E-Mail": Q = \d+\.\d\d on 6 degrees of freedom, p = 0\.\d\d/);
  assert.match(text, /every segment gets the same campaign-wide decision/);
  // Each segment's own evidence is kept: its "test further" with a size for its observed effect.
  assert.ok(result.decisions.some((d) => d.own?.arm === null && /insufficient evidence/.test(d.own.reason ?? '') && d.own.nextTest?.basis === 'observed'));
  const table = section.blocks.find((b) => b.kind === 'table' && b.caption === 'Recommendation per segment');
  assert.match(JSON.stringify(table), /On its own evidence this segment would read: insufficient evidence/);
  // A segment that needs a next test has its size for the observed effect in campaigns.json and in the table.
  const observed = evaluateCampaigns(hillstrom.log, new Map(hillstrom.log.customerId.map((id, i): [string, string] => [id, String(i % 3)])), { controlArm: 'No E-Mail', minDetectableUplift: 0.01 }, createRng(1));
  for (const d of observed.decisions) if (d.nextTest) assert.ok(d.nextTest.note && d.nextTest.customersPerArmAtMinimum !== undefined);
});
