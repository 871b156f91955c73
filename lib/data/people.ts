/**
 * Fake personal details for synthetic customers: names turned into e-mail addresses on reserved
 * example domains (RFC 2606, so no real mailbox is ever named), region and marital status.
 */
import type { Rng } from '../random/rng';
import { pick, weightedIndex } from './sampling';

const FEMALE_NAMES = [
  'anna', 'maria', 'emma', 'olivia', 'sophie', 'laura', 'julia', 'sarah', 'lucy', 'grace',
  'chloe', 'hannah', 'emily', 'mia', 'ella', 'amelia', 'isla', 'zoe', 'nina', 'claire',
  'rachel', 'alice', 'ruth', 'diana', 'helen', 'jane', 'karen', 'linda', 'fatima', 'priya',
  'mei', 'sofia', 'lena', 'ines', 'aisha', 'yara', 'rosa', 'eva', 'ida', 'nora',
] as const;
const MALE_NAMES = [
  'james', 'john', 'david', 'michael', 'daniel', 'thomas', 'paul', 'mark', 'peter', 'sam',
  'jack', 'harry', 'oliver', 'noah', 'leo', 'adam', 'ben', 'chris', 'tom', 'luke',
  'ryan', 'sean', 'omar', 'ali', 'raj', 'wei', 'jonas', 'lukas', 'marco', 'pedro',
  'ivan', 'karl', 'felix', 'hugo', 'owen', 'ethan', 'liam', 'max', 'simon', 'victor',
] as const;
const NEUTRAL_NAMES = ['alex', 'sam', 'robin', 'jordan', 'taylor', 'casey', 'riley', 'jamie', 'charlie', 'avery'] as const;
const LAST_NAMES = [
  'smith', 'jones', 'brown', 'taylor', 'wilson', 'davies', 'evans', 'thomas', 'johnson', 'roberts',
  'walker', 'wright', 'robinson', 'thompson', 'white', 'hughes', 'edwards', 'green', 'hall', 'wood',
  'harris', 'martin', 'jackson', 'clarke', 'lewis', 'patel', 'khan', 'singh', 'nguyen', 'garcia',
  'martinez', 'lopez', 'muller', 'schmidt', 'novak', 'kowalski', 'rossi', 'silva', 'santos', 'kim',
  'lee', 'chen', 'wang', 'ali', 'ahmed', 'murphy', 'kelly', 'obrien', 'campbell', 'stewart',
  'morris', 'cook', 'baker', 'price', 'bell', 'ward', 'moore', 'king', 'scott', 'young',
] as const;

/** Reserved example domains with realistic weights (most people use one of a few providers). */
const DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'post.example.net'] as const;
const DOMAIN_WEIGHTS = [5, 3, 2, 1.5, 1] as const;

/** Regions and their weights. */
export const REGIONS = ['North', 'South', 'East', 'West', 'Central'] as const;
const REGION_WEIGHTS = [0.22, 0.24, 0.18, 0.2, 0.16] as const;

/**
 * A fake e-mail address for someone of the given gender code, e.g. "anna.kowalski84@example.com".
 * @param birthYear used by some address styles as a two-digit suffix.
 */
export function fakeEmail(rng: Rng, gender: string, birthYear: number): string {
  const first = gender === 'F' ? pick(rng, FEMALE_NAMES) : gender === 'M' ? pick(rng, MALE_NAMES) : pick(rng, NEUTRAL_NAMES);
  const last = pick(rng, LAST_NAMES);
  const domain = DOMAINS[weightedIndex(rng, DOMAIN_WEIGHTS)];
  const suffix = rng.next() < 0.5 ? '' : rng.next() < 0.6 ? String(birthYear % 100).padStart(2, '0') : String(1 + rng.int(999));
  const style = rng.int(4);
  const local =
    style === 0 ? `${first}.${last}` : style === 1 ? `${first}${last}` : style === 2 ? `${first[0]}.${last}` : `${first}_${last}`;
  return `${local}${suffix}@${domain}`;
}

/** A region, drawn with the fixed regional weights. */
export function drawRegion(rng: Rng): string {
  return REGIONS[weightedIndex(rng, REGION_WEIGHTS)];
}

/** Marital status, with probabilities that move with age. */
export function drawMaritalStatus(rng: Rng, age: number): string {
  const weights =
    age < 28 ? [0.8, 0.18, 0.02, 0] : age < 45 ? [0.35, 0.55, 0.09, 0.01] : age < 65 ? [0.18, 0.6, 0.17, 0.05] : [0.1, 0.55, 0.13, 0.22];
  return ['single', 'married', 'divorced', 'widowed'][weightedIndex(rng, weights)];
}
