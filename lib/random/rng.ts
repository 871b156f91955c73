/**
 * Seeded random streams. Nothing in lib/ calls Math.random: every stochastic function takes
 * an `Rng`. One seed per run; each stage derives its own stream by name (`stageRng`, `rng.fork`),
 * so adding a stage does not shift the numbers another stage sees.
 */

/** A seeded source of uniform numbers in [0, 1), with a few helpers. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** The 32-bit seed this stream started from. */
  readonly seed: number;
  /**
   * The stream named `name` under this stream's seed (`createRng(deriveSeed(seed, name))`); does not
   * advance this stream, so adding a name never shifts the numbers another name sees.
   * @example stageRng(42, 'cluster').fork('silhouette-sample')
   */
  fork(name: string): Rng;
  /**
   * A new stream seeded by one draw of this one (advances this stream by one draw): a function that
   * is handed a stream takes its base once with `split()`, then forks its named streams from it.
   * @example const streams = rng.split(); fitKMeans(points, k, options, streams.fork(`k=${k}`))
   */
  split(): Rng;
}

/** FNV-1a 32-bit hash of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The seed of the stream named `name` under `seed`. Stable across versions: changing it
 * changes every seeded result, so tests pin it.
 * @example deriveSeed(42, 'cluster') // always the same 32-bit integer
 */
export function deriveSeed(seed: number, name: string): number {
  return fnv1a(`${seed >>> 0}:${name}`);
}

/**
 * A sfc32 generator seeded from a 32-bit integer (splitmix32 expands it to 128 bits of state).
 * @example const rng = createRng(42); rng.next(); // 0 <= x < 1
 */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | null = null;
  return {
    seed: seed >>> 0,
    next,
    int: (n: number) => Math.floor(next() * n),
    fork: (name: string) => createRng(deriveSeed(seed, name)),
    split: () => createRng(Math.floor(next() * 0x100000000)),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** The stream for stage `name` of a run seeded with `seed` (`createRng(seed).fork(name)`). */
export function stageRng(seed: number, name: string): Rng {
  return createRng(deriveSeed(seed, name));
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** `m` distinct indices from [0, n), in increasing order (all of them when m >= n). */
export function sampleIndices(n: number, m: number, rng: Rng): number[] {
  if (m >= n) return Array.from({ length: n }, (_, i) => i);
  const picked = shuffled(Array.from({ length: n }, (_, i) => i), rng).slice(0, m);
  return picked.sort((x, y) => x - y);
}
