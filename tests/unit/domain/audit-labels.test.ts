// The audit log speaks Chinese (issue 17 item 19): no raw action codes, no JSON.
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, auditActionLabel, auditDetailLines, auditTargetLabel } from '../../../src/domain/audit-labels';
import { eventNoteText } from '../../../src/domain/complaint-workflow';

describe('audit labels', () => {
  it('names every action, the demo loader’s too, and an unknown code in Chinese', () => {
    for (const [code, label] of Object.entries(AUDIT_ACTION_LABELS)) expect(auditActionLabel(code)).toBe(label);
    expect(auditActionLabel('demo_data.load')).toBe('载入演示数据');
    expect(auditActionLabel('x.y')).toBe('其他操作（x.y）');
  });
  it('shows the detail as Chinese 字段：值 pairs, nested filters and lists included', () => {
    expect(auditDetailLines({ from: '待受理', to: '已受理' })).toEqual([
      ['原状态', '待受理'],
      ['新状态', '已受理'],
    ]);
    expect(auditDetailLines({ format: 'csv', rows: 3, filter: { status: '待受理', overdue: '1' } })).toEqual([
      ['格式', 'CSV'],
      ['行数', '3'],
      ['筛选条件', '状态：待受理，只看超期：1'],
    ]);
    // An export's filter: from/to are received dates, empty fields are left out, sort keys in Chinese.
    expect(auditDetailLines({ filter: { from: '2025-10-01', to: '', sort: 'received', dir: 'desc', region: '' } })).toEqual([
      ['筛选条件', '收到日期起：2025-10-01，排序：收到时间，排序方向：降序'],
    ]);
    expect(auditDetailLines({ institutions: 300, seed: 1, reset: false, counties: 2 })).toEqual([
      ['机构数', '300'],
      ['随机种子', '1'],
      ['清空重建', '否'],
      ['县区数', '2'],
    ]);
    expect(auditDetailLines({ why: 'wrong-password', role: 'district', regions: ['411423100', '411423101'] })).toEqual([
      ['原因', '密码错误'],
      ['角色', '辖区监督员'],
      ['辖区', '411423100、411423101'],
    ]);
    expect(auditDetailLines({ regions: [], staffId: null, filter: {} })).toEqual([
      ['辖区', '无'],
      ['医务人员', '—'],
      ['筛选条件', '无'],
    ]);
    expect(auditDetailLines({})).toEqual([]);
    expect(auditDetailLines(null)).toEqual([]);
    expect(auditDetailLines({ somethingNew: 1 })).toEqual([['somethingNew', '1']]);
  });
  it('names targets in Chinese', () => {
    expect(auditTargetLabel('complaint', '2673-0913-6642')).toBe('投诉 2673-0913-6642');
    expect(auditTargetLabel('database', null)).toBe('数据库');
    expect(auditTargetLabel('other', '1')).toBe('other 1');
    expect(auditTargetLabel(null, null)).toBe('');
  });
  it('translates the intake’s "来源：web" history note', () => {
    expect(eventNoteText('来源：web')).toBe('来源：网站');
    expect(eventNoteText('来源：12345')).toBe('来源：12345热线');
    expect(eventNoteText('来源：web 以外的说明')).toBe('来源：web 以外的说明');
    expect(eventNoteText(null)).toBeNull();
  });
});
