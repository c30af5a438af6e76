import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, withinLimit } from '../../../src/server/body-limit';

/** `next` over fixed chunks, recording how many were asked for. */
function source(sizes: number[]) {
  const chunks = sizes.map((n) => new Uint8Array(n).fill(7));
  let asked = 0;
  return {
    next: (): Promise<IteratorResult<Uint8Array, undefined>> => {
      const value = chunks[asked++];
      return Promise.resolve(value ? { done: false, value } : { done: true, value: undefined });
    },
    asked: () => asked,
  };
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<number[]> {
  const sizes: number[] = [];
  for await (const c of it) sizes.push(c.byteLength);
  return sizes;
}

describe('withinLimit', () => {
  it('passes every chunk on while the total stays within the limit (the limit itself included)', async () => {
    let called = false;
    const s = source([3, 4, 3]);
    expect(await collect(withinLimit(s.next, 10, () => Promise.resolve((called = true))))).toEqual([3, 4, 3]);
    expect(called).toBe(false);
  });

  it('stops at the chunk that passes the limit: that chunk is not passed on, beforeThrow runs, then BodyTooLargeError', async () => {
    const s = source([4, 4, 4, 4]);
    const seen: number[] = [];
    const order: string[] = [];
    const run = async () => {
      for await (const c of withinLimit(s.next, 10, () => Promise.resolve(order.push('beforeThrow')))) seen.push(c.byteLength);
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).code).toBe('BODY_TOO_LARGE');
    expect((err as Error).message).toBe('request body over 10 bytes');
    expect(seen).toEqual([4, 4]);
    expect(order).toEqual(['beforeThrow']);
    // Nothing is read after the chunk over the limit (a chunked upload cannot make us buffer more).
    expect(s.asked()).toBe(3);
  });

  it('an empty body is no chunks', async () => {
    expect(await collect(withinLimit(source([]).next, 0, () => Promise.resolve()))).toEqual([]);
  });
});
