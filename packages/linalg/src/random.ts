/**
 * A small seeded generator (xoshiro128**) so that every random matrix, initialiser and shuffle
 * is reproducible from one integer seed, in Node and in browsers alike.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    // splitmix32 spreads a small integer seed over the 128-bit state (an all-zero state would stick).
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box–Muller; the second value of each pair is kept for the next call. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The seed of one part of a run, from the run's seed and integer keys such as (epoch, sample): the same keys give
 * the same seed and different keys unrelated ones, so a stream can be rebuilt where a run resumes instead of
 * being replayed from the start. Keys are mixed in order, so (1, 2) and (2, 1) differ.
 */
export function deriveSeed(seed: number, ...keys: number[]): number {
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  for (const key of keys) h = mixKey(h, key);
  return h;
}

/**
 * `deriveSeed(seed, ...keys)` one key at a time, with no array per call:
 * `deriveSeed(s, a, b) === mixKey(mixKey(deriveSeed(s), a), b)`. For hot loops that derive many seeds.
 */
export function mixKey(seed: number, key: number): number {
  return fmix32((seed + 0x9e3779b9 + fmix32((key ^ 0x85ebca6b) >>> 0)) >>> 0);
}

/**
 * The `index`-th number in [0, 1) of the stream `seed`, computed directly (splitmix32: a counter, then the
 * finaliser): any element of a stream without drawing the ones before it, so that, e.g., a dropout mask can be
 * the same for a sample whichever thread or batch it lands in.
 */
export function uniformAt(seed: number, index: number): number {
  return uniformBitsAt(seed, index) / 4294967296;
}

/** The 32 bits behind `uniformAt(seed, index)` (that number times 2³²), as an unsigned integer. */
export function uniformBitsAt(seed: number, index: number): number {
  return fmix32((seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}

/** MurmurHash3's finaliser: every input bit flips about half of the output bits. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
