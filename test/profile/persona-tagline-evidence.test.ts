/**
 * Every trait a persona's tagline names has an evidence line. The tagline takes the 4 strongest
 * traits overall, the evidence lists the 3 strongest of each sign: with 4 strong traits of one sign
 * the 4th was named without evidence while a weaker trait of the other sign was listed (Wholesale
 * with three 1-5 survey answers: tagline "High q price, high q delivery, high q service, high grocery",
 * lines for the three answers and "low fresh" (−0.37 SD), none for grocery (about +1.4 SD)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePersonas } from '../../lib/profile/personas';
import type { SegmentProfile } from '../../lib/profile/types';
import { profileFromZ } from './fixtures';

const profile = (segment: number, size: number, n: number, z: [string, number][]): SegmentProfile => profileFromZ(segment, size, n, z, 3, 1);

test('the tagline\'s 4th same-sign trait gets its evidence line; the lists still hold the 3 strongest of each sign', () => {
  // Segment 2 (144 of 440, share 0.327): effect = zMean / (1 − share).
  const names = ['Fresh', 'Grocery', 'q_service', 'q_price', 'q_delivery'];
  const z1 = [0.122, -0.47, -0.48, -0.47, -0.44];
  const z2 = [-0.25, 0.97, 0.995, 1.036, 0.998];
  const profiles = [profile(0, 296, 440, names.map((f, j): [string, number] => [f, z1[j]])), profile(1, 144, 440, names.map((f, j): [string, number] => [f, z2[j]]))];
  const { profiles: out } = describePersonas(profiles, { minCellSize: 20 });
  const persona = out[1].persona;
  assert.ok(persona && !persona.suppressed);
  assert.match(persona.tagline, /grocery/i);
  const evidence = [...persona.positive, ...persona.negative].map((t) => t.feature);
  assert.ok(evidence.includes('Grocery'), `evidence: ${evidence.join(', ')}`);
  assert.deepEqual(persona.positive.map((t) => t.feature), ['q_price', 'q_delivery', 'q_service', 'Grocery']);
  assert.deepEqual(persona.negative.map((t) => t.feature), ['Fresh']);
  assert.match(persona.portrait, /high grocery/);
});
