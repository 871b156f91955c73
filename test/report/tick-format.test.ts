/** Axis formats of the k-metric charts have enough digits for the data's own range (no "0.20 0.20 0.20"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tickFormat } from '../../lib/report/charts';

// d3-format and d3-scale are what Vega formats and places ticks with.
const load = async (name: string): Promise<any> => import(name);

test('every tick label of a k-metric axis is distinct, whatever the range (Churn_Modelling silhouettes 0.18 to 0.205)', async () => {
  const { format } = await load('d3-format');
  const { scaleLinear } = await load('d3-scale');
  const cases: [string, number[], boolean][] = [
    ['.2f', [0.181, 0.1932, 0.2003, 0.2049], false], // silhouette of the public bank-churn run
    ['.2f', [0.1, 0.3, 0.55], false],
    ['.2f', [0.951, 0.953, 0.96], false], // stability near 1
    ['.3~s', [42480.19, 42485.7, 42490.1], true],
    ['.3~s', [42480.19, 43911.7, 44911.7], false],
    ['.3~s', [120, 98000, 1_250_000], true],
  ];
  for (const [base, values, zero] of cases) {
    const lo = Math.min(...values, ...(zero ? [0] : []));
    const hi = Math.max(...values, ...(zero ? [0] : []));
    const fmt = tickFormat(base, values, zero);
    for (const count of [3, 5, 10]) {
      const ticks: number[] = scaleLinear().domain([lo, hi]).nice(count).ticks(count);
      const labels = ticks.map((t) => format(fmt)(t));
      assert.equal(new Set(labels).size, labels.length, `${base} -> ${fmt} on ${values}: ${labels.join(' ')}`);
    }
  }
  // The fixed format it replaces repeats labels on the first case (this test can fail).
  const ticks: number[] = scaleLinear().domain([0.181, 0.2049]).nice(10).ticks(10);
  const old = ticks.map((t) => format('.2f')(t));
  assert.ok(new Set(old).size < old.length, old.join(' '));
});
