// Disclosure page wording (issue 17 item 19): the fine is not stated twice, and "版本号小于 1" is gone.
import { describe, expect, it } from 'vitest';
import { formatYuan, penaltyText, posterVersionNote } from '../../../src/domain/board-text';

describe('penaltyText', () => {
  it('does not repeat an amount the decision already states, however it is written', () => {
    expect(penaltyText('罚款人民币10000元', 10000)).toBe('罚款人民币10000元');
    expect(penaltyText('警告，罚款人民币 10,000 元', 10000)).toBe('警告，罚款人民币 10,000 元');
    expect(penaltyText('罚款1万元', 10000)).toBe('罚款1万元');
    expect(penaltyText('罚款1.5万元，没收违法所得', 15000)).toBe('罚款1.5万元，没收违法所得');
    expect(penaltyText('罚款人民币3000.50元', 3000.5)).toBe('罚款人民币3000.50元');
  });
  it('appends the fine, formatted once, when the text does not state it', () => {
    expect(penaltyText('警告', 10000)).toBe('警告；罚款 10,000 元');
    expect(penaltyText('罚款人民币5000元，没收违法所得2000元', 7000)).toBe('罚款人民币5000元，没收违法所得2000元；罚款 7,000 元');
  });
  it('leaves the text alone without a fine', () => {
    expect(penaltyText('警告', null)).toBe('警告');
    expect(penaltyText('警告', 0)).toBe('警告');
  });
  it('formats yuan with thousands separators', () => {
    expect(formatYuan(12500)).toBe('12,500');
    expect(formatYuan(99.5)).toBe('99.5');
    expect(formatYuan(1234567.25)).toBe('1,234,567.25');
  });
});

describe('posterVersionNote', () => {
  it('says nothing about older posters when the current one is the first', () => {
    expect(posterVersionNote(1)).toBe('现行公示栏为第 1 版（版本号印在公示栏二维码下方）。');
    expect(posterVersionNote(1)).not.toMatch(/小于/);
  });
  it('warns about older posters from version 2 on', () => {
    expect(posterVersionNote(3)).toMatch(/公示栏版本号小于 3 的，信息可能已过时，请以本页为准。$/);
  });
});
