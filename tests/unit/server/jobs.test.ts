import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { jobIdFor } from '../../../src/server/queue';
import { signCallback } from '../../../src/server/jobs/callback';
import { noticeKind, noticeMail, smsNumber } from '../../../src/server/jobs/notify';
import { previousQuarter } from '../../../src/server/jobs';

describe('the queue’s pure helpers', () => {
  it('derives one stable UUID per (queue, outbox row): a relay run twice cannot insert the job twice', () => {
    expect(jobIdFor('client.callback', 7)).toBe(jobIdFor('client.callback', 7));
    expect(jobIdFor('client.callback', 7)).not.toBe(jobIdFor('complaint.notify', 7));
    expect(jobIdFor('client.callback', 7)).not.toBe(jobIdFor('client.callback', 8));
    expect(jobIdFor('x', 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('signs the raw body with HMAC-SHA256 as the receiving side verifies it', () => {
    const raw = '{"tracking_no":"267309136642","status":"已受理"}';
    expect(signCallback('s3cret', '1765000000', 'client.callback:7', raw)).toBe(
      `sha256=${crypto.createHmac('sha256', 's3cret').update(`1765000000.client.callback:7.${raw}`, 'utf8').digest('hex')}`,
    );
    expect(signCallback('s3cret', '1765000000', 'client.callback:7', raw)).not.toBe(signCallback('other', '1765000000', 'client.callback:7', raw));
    // Neither header can be swapped: a fresh timestamp or another key needs a new signature.
    expect(signCallback('s3cret', '1765000001', 'client.callback:7', raw)).not.toBe(signCallback('s3cret', '1765000000', 'client.callback:7', raw));
    expect(signCallback('s3cret', '1765000000', 'client.callback:8', raw)).not.toBe(signCallback('s3cret', '1765000000', 'client.callback:7', raw));
  });

  it('notifies at acceptance, each outcome and feedback — not at assignment or findings', () => {
    expect(['accept', 'reject', 'close', 'feedback', 'start', 'assign', 'findings'].map(noticeKind)).toEqual([
      'accepted',
      'rejected',
      'closed',
      'feedback',
      null,
      null,
      null,
    ]);
  });

  it('writes the mail with the tracking number, the outcome or reason, and where to look; never a query code', () => {
    const closed = noticeMail('closed', { trackingNo: '267309136642', outcome: '查实', note: '办结：查实' }, 'https://xy.example.gov.cn');
    expect(closed.subject).toBe('投诉举报 2673-0913-6642 已办结');
    expect(closed.text).toContain('办结结果：查实');
    expect(closed.text).toContain('https://xy.example.gov.cn/complaints/status');
    expect(noticeMail('rejected', { trackingNo: '267309136642', outcome: null, note: '不属于卫生健康部门职责' }, 'x').text).toContain(
      '不予受理理由：不属于卫生健康部门职责',
    );
    expect(noticeMail('feedback', { trackingNo: '267309136642', outcome: null, note: '已责令整改' }, 'x').text).toContain('反馈内容：已责令整改');
    expect(noticeMail('accepted', { trackingNo: '267309136642', outcome: null, note: '予以受理' }, 'x').text).not.toContain('予以受理');
  });

  it('sends SMS to mainland mobiles only (+86), not to fixed lines', () => {
    expect(smsNumber('139 0000 0001')).toBe('+8613900000001');
    expect(smsNumber('0371-12345678')).toBeNull();
  });

  it('names the quarter that just ended for the points publication reminder', () => {
    expect(previousQuarter('2026-04-01')).toBe('2026年第1季度');
    expect(previousQuarter('2026-10-01')).toBe('2026年第3季度');
    expect(previousQuarter('2027-01-01')).toBe('2026年第4季度');
  });
});
