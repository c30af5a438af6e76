// How supervisors name a complaint (issue 17 item 15): the 受理编号 in any spelling, or an internal id.
import { describe, expect, it } from 'vitest';
import { describeComplaintRef, parseComplaintRef, trackingNumberInSearch, newTrackingNumber, formatTrackingNumber } from '../../../src/domain/tracking-number';

const t = newTrackingNumber(26, () => new Uint8Array(32).fill(7));

describe('parseComplaintRef', () => {
  it('reads the tracking number as printed, compact, spaced and full-width', () => {
    for (const s of [
      formatTrackingNumber(t),
      t,
      t.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3'),
      t.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    ]) {
      expect(parseComplaintRef(s)).toEqual({ ok: true, ref: { kind: 'tracking', trackingNo: t } });
    }
  });
  it('reads a short plain number as the internal id', () => {
    expect(parseComplaintRef('12')).toEqual({ ok: true, ref: { kind: 'id', id: 12 } });
    expect(parseComplaintRef(' 12 ')).toEqual({ ok: true, ref: { kind: 'id', id: 12 } });
  });
  it('refuses a wrong check digit, letters, zero and a spaced short number with the tracking number’s messages', () => {
    const typo = t.slice(0, 11) + String((Number(t[11]) + 1) % 10);
    expect(parseComplaintRef(typo)).toEqual({ ok: false, message: '受理编号有误，请逐位核对' });
    expect(parseComplaintRef('abc')).toEqual({ ok: false, message: '受理编号只包含数字' });
    expect(parseComplaintRef('0')).toEqual({ ok: false, message: '受理编号应为12位数字' });
    expect(parseComplaintRef('12-34')).toEqual({ ok: false, message: '受理编号应为12位数字' });
  });
  it('describes a reference for messages', () => {
    expect(describeComplaintRef({ kind: 'tracking', trackingNo: t })).toBe(formatTrackingNumber(t));
    expect(describeComplaintRef({ kind: 'id', id: 5 })).toBe('编号 5');
  });
});

describe('trackingNumberInSearch', () => {
  it('turns any spelling of 12 digits into the stored form, anything else into null', () => {
    expect(trackingNumberInSearch('2673-0913-6642')).toBe('267309136642');
    expect(trackingNumberInSearch('2673 0913 6642')).toBe('267309136642');
    expect(trackingNumberInSearch('甲镇卫生院')).toBeNull();
    expect(trackingNumberInSearch('2673-0913')).toBeNull();
  });
});
