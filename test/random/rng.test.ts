/**
 * The seeded generator's numbers are part of every seeded result (segments, samples, intervals):
 * these values are pinned so a change to the generator, the seeding or the naming of streams is
 * seen here first, not as a drift in a hundred pinned results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, deriveSeed, sampleIndices, stageRng } from '../../lib/random/rng';

/** FNV-1a, 32-bit, written out independently of lib/random/rng.ts (BigInt arithmetic). */
function fnv1aReference(text: string): number {
  let h = 0x811c9dc5n;
  for (const ch of text) {
    h ^= BigInt(ch.charCodeAt(0));
    h = (h * 0x01000193n) & 0xffffffffn;
  }
  return Number(h);
}

test('deriveSeed is FNV-1a of "<seed>:<name>" (published test vectors, and an independent implementation)', () => {
  // Test vectors of FNV-1a 32-bit (Fowler/Noll/Vo): "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
  assert.equal(fnv1aReference(''), 0x811c9dc5);
  assert.equal(fnv1aReference('a'), 0xe40c292c);
  assert.equal(fnv1aReference('foobar'), 0xbf9cf968);
  for (const [seed, name] of [[42, 'cluster'], [0, 'embed'], [4294967295, 'fairness'], [7, 'campaigns:roi:Mens:Womens E-Mail']] as const) {
    assert.equal(deriveSeed(seed, name), fnv1aReference(`${seed}:${name}`), `${seed}:${name}`);
  }
  assert.deepEqual([deriveSeed(42, 'cluster'), deriveSeed(0, 'embed'), deriveSeed(4294967295, 'fairness')], [2689086899, 180784136, 510796277]);
});

test('createRng(42) gives the same numbers as ever (sfc32 seeded by splitmix32)', () => {
  const rng = createRng(42);
  assert.deepEqual(
    [rng.next(), rng.next(), rng.next(), rng.int(1000), rng.normal(), rng.normal()],
    [0.6484007823746651, 0.3632245766930282, 0.7661763997748494, 946, -0.5302234443401774, 0.08946924406658135],
  );
  assert.deepEqual(sampleIndices(10, 4, createRng(1)), [1, 7, 8, 9]);
  const named = stageRng(7, 'x');
  assert.deepEqual([named.next(), named.next()], [0.36716609401628375, 0.9704165754374117]);
});

test('fork(name) is the stream named under the seed and leaves its parent alone; split() draws once', () => {
  const parent = createRng(42);
  const a = parent.fork('silhouette-sample');
  const b = createRng(deriveSeed(42, 'silhouette-sample'));
  assert.deepEqual([a.next(), a.next(), a.next()], [b.next(), b.next(), b.next()]);
  assert.equal(parent.next(), 0.6484007823746651, 'forking did not advance the parent');
  assert.notEqual(parent.fork('k=2').next(), parent.fork('k=3').next());
  assert.equal(parent.fork('k=2').next(), parent.fork('k=2').next());

  const one = createRng(9);
  const other = createRng(9);
  const streams = one.split();
  assert.equal(streams.seed, other.int(0x100000000));
  assert.equal(one.next(), other.next(), 'split() advanced the parent by exactly one draw');
  const viaSplit = streams.fork('gap k=3');
  const byHand = createRng(deriveSeed(streams.seed, 'gap k=3'));
  assert.equal(viaSplit.next(), byHand.next());
});
