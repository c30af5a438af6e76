import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed, hashString, permute } from '../../../src/demo/random';

describe('Rng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = Rng.of(7, 3, 42);
    const b = Rng.of(7, 3, 42);
    const c = Rng.of(8, 3, 42);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
  });

  it('separates streams by key', () => {
    expect(deriveSeed(1, 3, 0)).not.toBe(deriveSeed(1, 3, 1));
    expect(deriveSeed(1, 3)).not.toBe(deriveSeed(1, 3, 0));
    expect(hashString('419921')).toBe(hashString('419921'));
  });

  it('stays in range', () => {
    const r = new Rng(1);
    for (let i = 0; i < 10_000; i += 1) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
      const z = r.normal(0.8, 0.1, 0.5, 1);
      expect(z >= 0.5 && z <= 1).toBe(true);
    }
  });

  it('picks by weight roughly in proportion', () => {
    const r = new Rng(5);
    let heads = 0;
    for (let i = 0; i < 20_000; i += 1)
      if (
        r.weighted([
          ['h', 3],
          ['t', 1],
        ] as const) === 'h'
      )
        heads += 1;
    expect(heads / 20_000).toBeGreaterThan(0.72);
    expect(heads / 20_000).toBeLessThan(0.78);
  });

  it('samples distinct indexes', () => {
    const r = new Rng(9);
    const s = r.sample(50, 20);
    expect(new Set(s).size).toBe(20);
    expect(s.every((i) => i >= 0 && i < 50)).toBe(true);
    expect(r.sample(3, 10)).toEqual([0, 1, 2]);
  });
});

describe('permute', () => {
  it('is a bijection of [0, 2^bits)', () => {
    for (const seed of [0, 1, 123456]) {
      const seen = new Set<number>();
      for (let i = 0; i < 1 << 10; i += 1) seen.add(permute(i, 10, seed));
      expect(seen.size).toBe(1 << 10);
      expect(Math.max(...seen)).toBe((1 << 10) - 1);
    }
  });

  it('refuses out-of-range input', () => {
    expect(() => permute(1 << 10, 10, 1)).toThrow(RangeError);
    expect(() => permute(0, 31, 1)).toThrow(RangeError);
  });
});
