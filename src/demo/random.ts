/**
 * Seeded pseudo-random numbers for the demo data. Never Math.random: the same seed must give the
 * same database, so that screenshots, tests and bug reports can be reproduced.
 *
 * mulberry32 is small, fast and good enough for fictional data (not for secrets). Independent
 * streams come from `deriveSeed(seed, ...keys)`: each institution gets its own stream from
 * (seed, index), so the rows of institution #k do not change when the generator adds a random
 * draw somewhere else, and any single row can be rebuilt on its own (tests use this).
 */

/** Mixes 32-bit integers into one seed (murmur3's finaliser over a running hash). */
export function deriveSeed(seed: number, ...keys: readonly number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const k of [...keys, keys.length]) {
    h = Math.imul(h ^ (k >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Hash of a short string to 32 bits (FNV-1a), for keys such as region codes. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Stream for (seed, ...keys). */
  static of(seed: number, ...keys: readonly number[]): Rng {
    return new Rng(deriveSeed(seed, ...keys));
  }

  /** Uniform in [0, 1). mulberry32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: [[value, weight], …]; weights need not sum to 1. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }

  /** Approximately normal (Irwin–Hall of 4 uniforms: cheap, bounded tails), clamped. */
  normal(mean: number, sd: number, min = -Infinity, max = Infinity): number {
    const z = (this.next() + this.next() + this.next() + this.next() - 2) * Math.sqrt(3);
    return Math.min(max, Math.max(min, mean + z * sd));
  }

  /** Fisher–Yates, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /** `count` distinct indexes from [0, n), in increasing order. */
  sample(n: number, count: number): number[] {
    const k = Math.min(n, count);
    const chosen = new Set<number>();
    // Floyd's algorithm: exactly k draws, no rejection loop.
    for (let j = n - k; j < n; j += 1) {
      const t = this.int(0, j);
      chosen.add(chosen.has(t) ? j : t);
    }
    return [...chosen].sort((a, b) => a - b);
  }
}

/**
 * A bijection of [0, 2^bits) keyed by a seed (multiply by an odd constant, add, xor-shift —
 * each step is invertible modulo 2^bits). Used to turn a sequence number into a short public
 * code or an organisation code that is unique by construction and does not look sequential.
 */
export function permute(index: number, bits: number, seed: number): number {
  if (bits < 8 || bits > 30) throw new RangeError('permute: 8 ≤ bits ≤ 30');
  const mask = 2 ** bits - 1;
  if (index < 0 || index > mask) throw new RangeError(`permute: index ${index} out of range`);
  const k1 = (deriveSeed(seed, 1) | 1) & mask;
  const k2 = deriveSeed(seed, 2) & mask;
  const shift = bits >>> 1;
  let x = index;
  for (let round = 0; round < 3; round += 1) {
    x = (Math.imul(x, k1) + k2) & mask;
    x ^= x >>> shift;
  }
  return x >>> 0;
}
