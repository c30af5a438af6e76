import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/domain/complaint-categories';
import { COMPLAINT_STATUSES } from '../../../src/domain/complaint-workflow';
import {
  OPEN311_ATTRIBUTES,
  OPEN311_SERVICES,
  open311Status,
  personName,
  serviceCodeOf,
  serviceNameOf,
  serviceOf,
  statusesOf,
  statusNotes,
} from '../../../src/domain/open311';

describe('services from the seed categories', () => {
  it('one service per item of seed 003 (and seed 002’s 突出问题), the category as group', () => {
    expect(OPEN311_SERVICES).toHaveLength(CATEGORIES.reduce((n, c) => n + c.subcategories.length, 0));
    // Seed 003 三(三)2: “接触皮肤、黏膜的器械未一人一用一消毒”.
    expect(serviceOf('GK02')).toMatchObject({ category: { name: '院感防控' }, subcategory: { label: '接触皮肤、黏膜的器械未一人一用一消毒' } });
    expect(OPEN311_SERVICES.find((s) => s.service_code === 'TC13')).toMatchObject({ group: '违规诊疗', type: 'realtime', metadata: true });
    expect(serviceOf('nope')).toBeNull();
  });

  it('reads a stored complaint back to its service', () => {
    expect(serviceCodeOf('院感防控', '接触皮肤、黏膜的器械未一人一用一消毒')).toBe('GK02');
    expect(serviceCodeOf('院感防控', null)).toBeNull();
    expect(serviceCodeOf('院感防控', '不在列表中的旧标签')).toBeNull();
    expect(serviceNameOf('院感防控', null)).toBe('院感防控');
    expect(serviceNameOf('已改名的类别', null)).toBe('已改名的类别');
    expect(serviceNameOf('院感防控', '接触皮肤、黏膜的器械未一人一用一消毒')).toBe('接触皮肤、黏膜的器械未一人一用一消毒');
  });

  it('attributes have unique codes in order', () => {
    expect(OPEN311_ATTRIBUTES.map((a) => a.order)).toEqual(OPEN311_ATTRIBUTES.map((_, i) => i + 1));
    expect(new Set(OPEN311_ATTRIBUTES.map((a) => a.code)).size).toBe(OPEN311_ATTRIBUTES.length);
  });
});

describe('status mapping', () => {
  it('待受理/已受理/调查中 are open, 已办结/不予受理 closed', () => {
    expect(Object.fromEntries(COMPLAINT_STATUSES.map((s) => [s, open311Status(s)]))).toEqual({
      待受理: 'open',
      已受理: 'open',
      调查中: 'open',
      已办结: 'closed',
      不予受理: 'closed',
    });
    expect(statusesOf(['open'])).toEqual(['待受理', '已受理', '调查中']);
    expect(statusesOf(['closed'])).toEqual(['已办结', '不予受理']);
    expect(statusesOf(['open', 'closed'])).toHaveLength(5);
  });

  it('status notes: the explanation for everyone; outcome, reason and feedback only for a real-name complaint (seed 003: 实名举报必须反馈)', () => {
    const closed = { status: '已办结' as const, outcome: '查实', feedback: '已责令整改。', rejectReason: null };
    expect(statusNotes({ ...closed, anonymous: true }, '投诉已办结。')).toBe('投诉已办结。');
    expect(statusNotes({ ...closed, anonymous: false }, '投诉已办结。')).toBe('投诉已办结。 办理结果：查实。 反馈：已责令整改。');
    const rejected = { status: '不予受理' as const, anonymous: false, outcome: null, feedback: null, rejectReason: '不属于本委职责' };
    expect(statusNotes(rejected, '经审查，该投诉不予受理。')).toBe('经审查，该投诉不予受理。 不予受理理由：不属于本委职责');
    expect(statusNotes({ ...rejected, status: '已受理' }, '')).toBe('');
  });
});

describe('personName', () => {
  it('姓 (last_name) before 名 (first_name); Latin names keep their order', () => {
    expect(personName('小明', '李')).toBe('李小明');
    expect(personName(' 小明 ', undefined)).toBe('小明');
    expect(personName(undefined, '李')).toBe('李');
    expect(personName('Anna', 'Lee')).toBe('Anna Lee');
    expect(personName('', ' ')).toBeUndefined();
    expect(personName(undefined, undefined)).toBeUndefined();
  });
});
