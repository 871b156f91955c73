/**
 * An outcome rate is a count in disguise (rate x customers with a known outcome). A segment whose
 * customers with the positive value (or without it) number 1..minCellSize-1 has its rate withheld,
 * with a partner segment when the whole base's rate would give it back (CPA trial: "4.0% of 396" =
 * 16 customers; UCI Wholesale: "96.8%" of 252 left 8 with Channel = 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeProfile } from '../../lib/profile/outcome';
import { outcomeSection } from '../../lib/report/sections-outcome';
import { createRng } from '../../lib/random/rng';

const MIN = 10;

/** Segments 0..3 with known sizes and the number of 'yes' in each, shuffled, plus some unknowns. */
function table(sizes: number[], yes: number[], seed: number): { values: (string | null)[]; labels: number[] } {
  const rows: { v: string | null; l: number }[] = [];
  sizes.forEach((n, s) => {
    for (let i = 0; i < n; i++) rows.push({ v: i < yes[s] ? 'yes' : 'no', l: s });
    rows.push({ v: null, l: s });
  });
  const rng = createRng(seed);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return { values: rows.map((r) => r.v), labels: rows.map((r) => r.l) };
}

/** Independently: which segments a reader could single customers out in, and the partner rule. */
function expectedHidden(values: (string | null)[], labels: number[], k: number): number[] {
  const counts = Array.from({ length: k }, (_, s) => {
    const known = values.filter((v, i) => labels[i] === s && v !== null);
    const ones = known.filter((v) => v === 'yes').length;
    return { s, known: known.length, ones, zeros: known.length - ones };
  });
  const shown = counts.filter((c) => c.known >= MIN);
  const primary = shown.filter((c) => (c.ones > 0 && c.ones < MIN) || (c.zeros > 0 && c.zeros < MIN)).map((c) => c.s);
  const suppressed = counts.filter((c) => c.known > 0 && c.known < MIN).length;
  if (primary.length && primary.length + suppressed < 2) {
    const rest = shown.filter((c) => !primary.includes(c.s)).sort((a, b) => Math.min(a.ones, a.zeros) - Math.min(b.ones, b.zeros) || a.s - b.s);
    if (rest.length) primary.push(rest[0].s);
  }
  return primary.sort();
}

test('a rate whose positive or negative count is below minCellSize is withheld, with a partner segment', () => {
  // Segment 2 has 7 "yes" of 150: primary; the partner is the other segment with the smallest side.
  const { values, labels } = table([300, 200, 150, 120], [90, 40, 7, 30], 4);
  const o = outcomeProfile('responded', values, labels, 4, MIN);
  assert.ok(o);
  const hidden = o.segments.filter((s) => s.value === null).map((s) => s.segment).sort();
  assert.deepEqual(hidden, expectedHidden(values, labels, 4));
  assert.deepEqual(hidden, [2, 3]);
  assert.equal(o.segments[2].withheld, 'small count');
  assert.equal(o.segments[3].withheld, 'partner');
  for (const s of o.segments.filter((x) => x.value === null)) assert.ok(s.low === null && s.high === null && s.lift === null);
  // The sentence and the table name only shown rates; the whole base's rate stays.
  assert.match(o.sentence, /^Of the segments shown \(segments 3, 4 withheld: .*\), segment 1 has the highest responded = yes rate: 30\.0%/);
  const section = outcomeSection(o, (s) => `Segment ${s + 1}`, MIN);
  const text = JSON.stringify(section);
  assert.doesNotMatch(text, /(^|[^\d.])4\.7%/, 'segment 3 rate (7 of 150) printed');
  assert.doesNotMatch(text, /(^|[^\d.])25\.0%/, 'segment 4 rate (30 of 120) printed');
  assert.match(text, /The rate of Segment 3 is withheld: there, fewer than 10 customers have responded = yes, or fewer than 10 do not/);
  assert.match(text, /Segment 4 is withheld too, so that it cannot be worked out from the whole base's rate/);
});

test('two small counts need no partner; no small count withholds nothing; "none" (0) is shown', () => {
  for (const [yes, want] of [
    [[90, 3, 7, 30], [1, 2]],
    [[90, 40, 20, 30], []],
    [[90, 0, 20, 120], []],
  ] as [number[], number[]][]) {
    const { values, labels } = table([300, 200, 150, 120], yes, 9);
    const o = outcomeProfile('responded', values, labels, 4, MIN);
    assert.ok(o);
    const hidden = o.segments.filter((s) => s.value === null).map((s) => s.segment).sort();
    assert.deepEqual(hidden, want, `yes counts ${yes}`);
    assert.deepEqual(hidden, expectedHidden(values, labels, 4));
  }
});

test('when every rate is withheld the section has no empty chart, and the sentence says none can be shown', () => {
  // Two segments, 8 "yes" of 252 and 54 of 188: the first is a small count, the second its partner.
  const { values, labels } = table([252, 188], [8, 54], 2);
  const o = outcomeProfile('responded', values, labels, 2, 50);
  assert.ok(o);
  assert.deepEqual(o.segments.map((s) => s.value), [null, null]);
  assert.match(o.sentence, /^No segment's responded = yes rate can be shown/);
  const section = outcomeSection(o, (s) => `Segment ${s + 1}`, 50);
  assert.ok(section);
  assert.equal(section.blocks.filter((b) => b.kind === 'chart').length, 0);
});
