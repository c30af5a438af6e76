/**
 * Forms of the 严重失信名单 screens (/admin/dishonesty), the institution status form
 * (/admin/institutions/{code}) and the typical cases (/admin/cases), issue 12 items 6, 8 and 10.
 */
import { z } from 'zod';
import { DISHONESTY_TRANSITIONS, DISHONESTY_GROUNDS } from '../domain/dishonesty';
import { INSTITUTION_STATUSES } from '../domain/institution-status';
import { CASE_TRANSITIONS } from '../domain/typical-cases';
import { ACTION_FORM_LABELS, actionFormFields, formIdSchema, isoDateField } from './admin-common';
import { blankToUndefined, multiLine, optional, singleLine } from './complaint';

/** The grounds come as checkboxes ground0 … ground5 (one per DISHONESTY_GROUNDS entry). */
export function groundsOf(form: Record<string, string>): string[] {
  return DISHONESTY_GROUNDS.filter((_, i) => form[`ground${i}`] !== undefined);
}

/** The proposal form as posted: the checkboxes become `grounds` (groundsOf) before the fields are checked. */
export const proposeDishonestySchema = z.preprocess(
  (form) => (form && typeof form === 'object' ? { ...form, grounds: groundsOf(form as Record<string, string>) } : form),
  z.object({
    institutionId: z.coerce.number({ error: '请选择机构' }).int().positive(),
    grounds: z.array(z.enum(DISHONESTY_GROUNDS)).min(1, '请至少选择一项列入依据'),
    reason: multiLine(1, 1000),
    legalBasis: multiLine(1, 1000),
    listedOn: isoDateField,
    displayUntil: isoDateField,
  }),
);

export const dishonestyActionSchema = z.object({
  ...actionFormFields(DISHONESTY_TRANSITIONS.actions),
  note: z.preprocess((v) => blankToUndefined(v) ?? '', z.string().trim().max(2000)),
  decisionNo: optional(singleLine(1, 60)),
});

export const DISHONESTY_LABELS: Record<string, string> = {
  ...ACTION_FORM_LABELS,
  institutionId: '机构',
  grounds: '列入依据',
  reason: '列入原因',
  legalBasis: '法律依据',
  listedOn: '列入日期',
  displayUntil: '公示截止日期',
  note: '理由或决定内容',
  decisionNo: '列入决定文号',
};

export const statusChangeSchema = z.object({
  to: z.enum(INSTITUTION_STATUSES, { error: '请选择执业状态' }),
  changedOn: isoDateField,
  reason: multiLine(1, 1000),
});

export const STATUS_LABELS: Record<string, string> = { to: '新的执业状态', changedOn: '变更日期', reason: '变更原因' };

export const newCaseSchema = z.object({
  title: singleLine(1, 100),
  body: multiLine(1, 5000),
  caseDate: isoDateField,
  penaltyDecisionNo: singleLine(1, 60),
});

export const caseActionSchema = z.object({
  id: formIdSchema,
  action: z.enum(CASE_TRANSITIONS.actions, { error: '未知的操作' }),
  reason: multiLine(1, 1000),
});

export const CASE_LABELS: Record<string, string> = {
  ...ACTION_FORM_LABELS,
  title: '标题',
  body: '案例正文',
  caseDate: '案例日期',
  penaltyDecisionNo: '处罚决定书文号',
  id: '案例',
};
