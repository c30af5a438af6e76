import nodemailer, { type Transporter } from 'nodemailer';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { config } from '../../config';
import { readComplaintNotice, type ComplaintNotice } from '../../db/complaint-notices';
import { formatTrackingNumber } from '../../domain/tracking-number';
import { decrypt } from '../pii-crypto';
import { deliverOnce } from './deliver';
import type { JobContext } from '../queue';

/**
 * Notifications to real-name complainants (seed 003: 实名举报必须反馈): at acceptance, at each
 * outcome (办结, 不予受理) and when feedback is written — by e-mail (SMTP, when SMTP_URL is set) and
 * by SMS (Tencent Cloud SMS, when SMS_PROVIDER=tencent). The contact is decrypted here, at send
 * time; the job carries only the complaint's id. Anonymous complaints are never notified.
 */

export type NoticeKind = 'accepted' | 'rejected' | 'closed' | 'feedback';

const KIND_OF_ACTION: Record<string, NoticeKind> = { accept: 'accepted', reject: 'rejected', close: 'closed', feedback: 'feedback' };

export function noticeKind(action: string): NoticeKind | null {
  return KIND_OF_ACTION[action] ?? null;
}

const SUBJECTS: Record<NoticeKind, string> = {
  accepted: '已受理',
  rejected: '不予受理',
  closed: '已办结',
  feedback: '有新的反馈',
};

/** The e-mail: subject and plain text (no personal data beyond what the complainant wrote to us). */
export function noticeMail(
  kind: NoticeKind,
  n: Pick<ComplaintNotice, 'trackingNo' | 'outcome' | 'note'>,
  publicUrl: string,
): { subject: string; text: string } {
  const no = formatTrackingNumber(n.trackingNo);
  const lines = [`您好：`, '', `您的投诉举报（受理编号 ${no}）${SUBJECTS[kind]}。`];
  if (kind === 'closed' && n.outcome) lines.push(`办结结果：${n.outcome}`);
  if (kind === 'rejected' && n.note) lines.push(`不予受理理由：${n.note}`);
  if (kind === 'feedback' && n.note) lines.push(`反馈内容：${n.note}`);
  lines.push('', `请凭受理编号和查询码在 ${publicUrl}/complaints/status 查看办理情况和反馈。`, '', '本邮件由系统自动发送，请勿直接回复。');
  return { subject: `投诉举报 ${no} ${SUBJECTS[kind]}`, text: lines.join('\n') };
}

let transport: Transporter | null = null;
function mailer(): Transporter | null {
  if (!config.SMTP_URL) return null;
  transport ??= nodemailer.createTransport(config.SMTP_URL);
  return transport;
}

const TEMPLATES: Record<NoticeKind, () => string | undefined> = {
  accepted: () => config.SMS_TEMPLATE_ACCEPTED,
  rejected: () => config.SMS_TEMPLATE_REJECTED,
  closed: () => config.SMS_TEMPLATE_CLOSED,
  feedback: () => config.SMS_TEMPLATE_FEEDBACK,
};

/** The Tencent Cloud SMS client; SMS_ENDPOINT may carry a scheme (a test stand-in on http://). */
function smsClient() {
  const m = /^(https?:\/\/)?(.+)$/.exec(config.SMS_ENDPOINT);
  return new sms.v20210111.Client({
    credential: { secretId: config.SMS_SECRET_ID ?? '', secretKey: config.SMS_SECRET_KEY ?? '' },
    region: config.SMS_REGION,
    profile: { httpProfile: { endpoint: m?.[2] ?? config.SMS_ENDPOINT, protocol: m?.[1] ?? 'https://', reqTimeout: 15 } },
  });
}

/** Mainland mobile numbers get +86; fixed lines cannot receive SMS and are skipped. */
export function smsNumber(phone: string): string | null {
  const digits = phone.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(digits) ? `+86${digits}` : null;
}

export async function sendSms(phone: string, templateId: string, params: string[]): Promise<void> {
  const r = await smsClient().SendSms({
    PhoneNumberSet: [phone],
    SmsSdkAppId: config.SMS_SDK_APP_ID ?? '',
    SignName: config.SMS_SIGN_NAME ?? '',
    TemplateId: templateId,
    TemplateParamSet: params,
  });
  const status = r.SendStatusSet?.[0];
  if (status?.Code !== 'Ok') throw new Error(`短信发送失败：${status?.Code ?? '无返回'} ${status?.Message ?? ''}`.trim());
}

/** The handler of queue `complaint.notify` (topic complaint.status-changed). */
export async function notifyComplainant(payload: Record<string, unknown>, ctx: JobContext): Promise<void> {
  const kind = noticeKind(String(payload['action']));
  if (!kind) return;
  const n = await readComplaintNotice(Number(payload['complaintId']), Number(payload['eventId']));
  if (!n || n.anonymous) return;
  const m = mailer();
  if (m && n.emailEnc) {
    const to = decrypt(n.emailEnc, 'complainant_email');
    const mail = noticeMail(kind, n, config.publicUrl);
    await deliverOnce(`${ctx.idempotencyKey}:email`, 'complaint.notify', 'smtp', ctx.retryCount, async () => {
      await m.sendMail({ from: config.SMTP_FROM, to, subject: mail.subject, text: mail.text, headers: { 'X-Idempotency-Key': ctx.idempotencyKey } });
    });
  }
  const template = TEMPLATES[kind]();
  if (config.SMS_PROVIDER === 'tencent' && template && n.phoneEnc) {
    const phone = smsNumber(decrypt(n.phoneEnc, 'complainant_phone'));
    if (phone) {
      await deliverOnce(`${ctx.idempotencyKey}:sms`, 'complaint.notify', 'sms', ctx.retryCount, () =>
        sendSms(phone, template, [formatTrackingNumber(n.trackingNo)]),
      );
    }
  }
}
