import { describe, expect, it } from 'vitest';
import { checkHuman, complaintDates, failure, MIN_FILL_MS, runPipeline, type Step } from '../../../src/domain/intake-pipeline';

interface Ctx {
  n: number;
  log: string[];
}

const add = (name: string, by: number): Step<Ctx> => ({ name, run: (c) => ({ set: { n: c.n + by, log: [...c.log, name] } }) });

describe('intake pipeline runner', () => {
  it('runs the steps in order, each seeing what the earlier ones set', async () => {
    const r = await runPipeline([add('a', 1), add('b', 10), { name: 'check', run: () => undefined }, add('c', 100)], { n: 0, log: [] });
    expect(r).toEqual({ ok: true, ctx: { n: 111, log: ['a', 'b', 'c'] }, passed: ['a', 'b', 'check', 'c'] });
  });

  it('stops at the first failure and names the step', async () => {
    let ranAfter = false;
    const r = await runPipeline(
      [
        add('a', 1),
        { name: 'validate', run: async () => ({ fail: failure('invalid', '不对', { fieldErrors: { x: 'X：必填' } }) }) },
        { name: 'save', run: () => void (ranAfter = true) },
      ],
      { n: 0, log: [] },
    );
    expect(ranAfter).toBe(false);
    expect(r).toMatchObject({
      ok: false,
      failedStep: 'validate',
      passed: ['a'],
      failure: { kind: 'invalid', status: 400, message: '不对', fieldErrors: { x: 'X：必填' } },
    });
  });

  it('maps failure kinds to HTTP statuses', () => {
    expect(failure('forbidden', 'x').status).toBe(403);
    expect(failure('conflict', 'x').status).toBe(409);
    expect(failure('too_large', 'x').status).toBe(413);
    expect(failure('unsupported_type', 'x').status).toBe(415);
    expect(failure('rate_limited', 'x', { retryAfterSeconds: 5 })).toMatchObject({ status: 429, retryAfterSeconds: 5 });
    expect(failure('unavailable', 'x').status).toBe(503);
  });
});

describe('checkHuman', () => {
  const issuedAt = Date.UTC(2026, 0, 5, 2);
  it('accepts a person who took a few seconds', () => {
    expect(checkHuman({ honeypot: '', issuedAt, now: issuedAt + MIN_FILL_MS })).toBeNull();
    expect(checkHuman({ honeypot: undefined, issuedAt, now: issuedAt + 60_000 })).toBeNull();
  });
  it('refuses a filled honeypot, a form posted at once, and a form a day old', () => {
    expect(checkHuman({ honeypot: 'http://spam', issuedAt, now: issuedAt + 60_000 })?.message).toMatch(/未通过校验/);
    expect(checkHuman({ honeypot: '', issuedAt, now: issuedAt + 500 })?.message).toMatch(/提交过快/);
    expect(checkHuman({ honeypot: '', issuedAt, now: issuedAt + 25 * 3_600_000 })).toMatchObject({ status: 403 });
  });
});

describe('complaint due dates', () => {
  it('count working days from the day of receipt in China, skipping holidays', () => {
    // 2025-09-30 (Tuesday) 20:00 in China. The National Day holiday is 10-01 … 10-08 and
    // Saturday 10-11 is a make-up working day: 10-09, 10-10, 10-11.
    const d = complaintDates(new Date('2025-09-30T12:00:00Z'), '执业资质');
    expect(d.receivedOn).toBe('2025-09-30');
    expect(d.acceptDue).toBe('2025-10-11');
  });

  it('use the date in China, not UTC, near midnight', () => {
    // 2026-03-02 23:30 UTC is 2026-03-03 07:30 in China.
    expect(complaintDates(new Date('2026-03-02T23:30:00Z'), '执业资质').receivedOn).toBe('2026-03-03');
  });

  it('are faster for infection control', () => {
    const at = new Date('2026-03-02T02:00:00Z'); // Monday
    expect(complaintDates(at, '院感防控').acceptDue).toBe('2026-03-03');
    expect(complaintDates(at, '执业资质').acceptDue).toBe('2026-03-05');
    expect(complaintDates(at, '执业资质').closeDue).toBe('2026-03-23');
  });
});
