/**
 * What the audit log (操作日志) shows a reader: Chinese names for the stored action codes, target
 * kinds and detail fields. The log stores stable English codes (they are matched by CHECK
 * constraints and tests); the page never shows them raw, nor the detail as JSON.
 */

export const AUDIT_ACTION_LABELS = {
  login: '登录',
  'login.failed': '登录失败',
  'login.locked': '登录受限（等待中）',
  logout: '退出登录',
  'session.expired': '会话过期',
  'csrf.rejected': '拒绝跨站请求',
  'complaint.view': '查看投诉',
  'complaint.view_pii': '查看举报人个人信息',
  'complaint.accept': '受理投诉',
  'complaint.reject': '不予受理',
  'complaint.assign': '指派承办人',
  'complaint.start': '开始调查',
  'complaint.findings': '记录调查情况',
  'complaint.close': '办结投诉',
  'complaint.feedback': '填写反馈',
  'client.create': '新建接入渠道',
  'client.rotate': '更换接入渠道密钥',
  'client.deactivate': '停用接入渠道',
  'job.retry': '重试后台任务',
  'job.discard': '放弃后台任务',
  'complaint.export': '导出投诉台账',
  'complaint.route': '分派辖区',
  'complaint.satisfaction_review': '投诉人评价办理情况',
  'complaint.satisfaction_follow_up_open': '差评启动核实',
  'complaint.satisfaction_follow_up': '差评核实办结',
  'rating.approve': '公开评价留言',
  'rating.hide': '隐藏评价留言',
  'rating.view_original': '查看留言原文',
  'point.create': '登记记分',
  'point.notice': '登记通知书送达',
  'point.appeal': '登记申诉',
  'point.accept_appeal': '受理申诉',
  'point.decide': '作出申诉决定',
  'point.export': '导出记分公示',
  'point.provincial_entry': '登记录入省平台',
  'export.run': '导出报送数据',
  'document.issue': '生成文书',
  'publish.build': '生成新版本',
  'publish.switch': '发布网站',
  'publish.discard': '放弃待发布版本',
  'user.create': '新建账户',
  'user.deactivate': '停用账户',
  'user.activate': '启用账户',
  'user.password': '重置密码',
  'county.settings': '修改县（市、区）设置',
  'user.unlock': '解除登录限制',
  'import.apply': '导入数据',
  'evaluation.submit': '录入信用评价（待审批）',
  'evaluation.approve': '批准信用评价',
  'evaluation.return': '退回信用评价',
  'evaluation.withdraw': '撤回信用评价',
  'rectification.order': '责令限期整改',
  'rectification.submit-report': '登记整改报告',
  'rectification.review-pass': '复查认定整改合格',
  'rectification.review-fail': '复查认定整改不合格',
  'rectification.mark-overdue': '认定逾期未整改',
  'rectification.recommend-suspension': '建议暂缓校验',
  'rectification.suspend-validation': '登记暂缓校验决定',
  'rectification.suspension-passed': '认定暂缓校验期满达到要求',
  'rectification.recommend-cancellation': '建议注销执业许可证',
  'rectification.withdraw': '撤销整改通知',
  'rectification.cancel-licence': '登记注销执业许可证',
  'review.record': '登记复核申请',
  'review.accept': '受理复核申请',
  'review.refuse': '不予受理复核申请',
  'review.maintain': '复核决定维持',
  'review.revoke': '复核决定撤销',
  'review.change': '复核决定变更',
  'review.withdraw': '登记撤回复核申请',
  'dishonesty.propose': '提议列入严重失信名单',
  'dishonesty.approve': '批准列入严重失信名单',
  'dishonesty.reject': '不批准列入严重失信名单',
  'dishonesty.withdraw': '撤回严重失信名单提议',
  'dishonesty.apply-repair': '登记信用修复申请',
  'dishonesty.grant-repair': '准予信用修复',
  'dishonesty.refuse-repair': '不予信用修复',
  'dishonesty.expire': '严重失信名单公示期满移出',
  'dishonesty.revoke': '撤销列入严重失信名单',
  'institution.status': '变更机构执业状态',
  'institution.hours-prices': '设置诊疗时间与价格公示',
  'institution.radiology': '登记放射诊疗许可与设备',
  'staff.commitment': '登记医务人员依法执业承诺',
  'staff.treatment-methods': '登记中医（专长）医师治疗方法',
  'self-inspection.record': '登记依法执业自查结果',
  'case.create': '撰写典型案例',
  'case.publish': '公开典型案例',
  'case.withdraw': '撤回典型案例',
  'downgrade.find': '记录降级情形',
  'downgrade.rescore': '录入降级重新评分',
  'downgrade.submit': '上报降级审查',
  'downgrade.return': '退回降级补正',
  'downgrade.approve': '审查通过降级',
  'downgrade.dismiss': '决定不予降级',
  'downgrade.withdraw': '撤回降级记录',
  'downgrade.revoke': '撤销降级',
  'downgrade.notice': '出具降级通知书',
  'portal.account_create': '新建机构门户账户',
  'portal.account_deactivate': '停用机构门户账户',
  'portal.account_reissue': '重新签发激活链接',
  'portal.activate': '激活机构门户账户',
  'portal.login': '机构门户登录',
  'portal.login_failed': '机构门户登录失败',
  'portal.logout': '机构门户退出',
  'portal.submit': '机构门户报送',
  'portal.withdraw': '机构撤回报送',
  'portal.approve': '审核通过机构报送',
  'portal.reject': '退回机构报送',
  'portal.reply_withdraw': '撤下机构回应',
  'inspection.create': '登记监督检查',
  'inspection.follow_up': '登记检查后续处理',
  'inspector.set': '登记执法证号和所在乡镇',
  'draw.create': '新建随机抽取',
  'draw.publish-hash': '公布抽取种子哈希',
  'draw.run': '执行随机抽取（公开种子）',
  'draw.result': '登记抽取对象检查结果',
  'draw.publish': '公开抽取结果',
  'draw.cancel': '取消随机抽取',
  'draw.recusal': '登记执法人员回避',
  'draw.recusal-remove': '撤销执法人员回避',
  'inspector.update': '修改执法证号和所在乡镇',
  'audit.checkpoint': '审计日志签名检查点',
  'pii.rotate': '个人信息重新加密（密钥轮换）',
} as const;

/** Written by the demo loader only (src/db/demo-write.ts), never chosen in the filter. */
const OTHER_ACTION_LABELS: Record<string, string> = { 'demo_data.load': '载入演示数据' };

/** An action's Chinese name; an unknown code says so in Chinese instead of showing the code alone. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? OTHER_ACTION_LABELS[action] ?? `其他操作（${action}）`;
}

const TARGET_LABELS: Record<string, string> = {
  complaint: '投诉',
  complaints: '投诉台账',
  rating: '评价留言',
  point: '记分',
  publication: '网站版本',
  supervisor: '账户',
  import_batch: '导入批次',
  evaluation_submission: '评价录入',
  database: '数据库',
  rectification: '限期整改',
  review: '复核申请',
  dishonesty: '严重失信名单记录',
  institution: '机构',
  typical_case: '典型案例',
  downgrade: '降级记录',
  portal_account: '机构门户账户',
  portal_submission: '机构报送',
  institution_reply: '机构回应',
  inspection: '监督检查',
  api_client: '接入渠道',
  job: '后台任务',
  draw: '随机抽取',
  draw_item: '抽取对象',
  exports: '数据报送导出',
};

/** "complaint" + "12" → "投诉 12" (the caller may pass the tracking number instead of the id). */
export function auditTargetLabel(kind: string | null, id: string | null): string {
  if (!kind) return '';
  const name = TARGET_LABELS[kind] ?? kind;
  return id ? `${name} ${id}` : name;
}

/** Chinese names of the detail fields the application writes. */
const FIELD_LABELS: Record<string, string> = {
  accountId: '机构门户账户',
  portalSubmission: '机构门户报送',
  files: '文件',
  from: '原状态',
  to: '新状态',
  outcome: '办结结果',
  duplicateOf: '原投诉',
  assignedTo: '承办人',
  format: '格式',
  rows: '行数',
  filter: '筛选条件',
  why: '原因',
  path: '地址',
  method: '请求方式',
  releaseId: '版本',
  changes: '变化',
  username: '用户名',
  role: '角色',
  regions: '辖区',
  institutionId: '机构',
  staffId: '医务人员',
  points: '分值',
  source: '来源',
  sourceComplaintId: '来源投诉',
  servedOn: '送达日期',
  receivedOn: '收到日期',
  acceptedOn: '受理日期',
  decisionDue: '决定期限',
  decision: '决定',
  decidedOn: '决定日期',
  edited: '已修改',
  redacted: '已隐去',
  kind: '类型',
  fileName: '文件名',
  rowsRead: '读取行数',
  skippedRows: '跳过行数',
  created: '新增',
  updated: '更新',
  unchanged: '未变化',
  levelChanges: '等级变化',
  institutions: '机构数',
  seed: '随机种子',
  reset: '清空重建',
  counties: '县区数',
  status: '状态',
  category: '类别',
  institution: '机构',
  region: '辖区',
  overdue: '只看超期',
  due: '7日内到期',
  mine: '指派给我',
  sort: '排序',
  dir: '排序方向',
  page: '页码',
  count: '数量',
  ids: '编号',
  decisionText: '决定',
  year: '年度',
  level: '等级',
  decisionNo: '决定文号',
  grounds: '列入依据',
  listedOn: '列入日期',
  displayUntil: '公示截止日期',
  on: '日期',
  penaltyId: '关联处罚',
  title: '标题',
  changedOn: '变更日期',
  // 好差评 (src/db/complaint-satisfaction.ts)
  version: '第几次评价',
  reasons: '原因',
  channel: '渠道',
  followUpId: '差评核实编号',
  dueOn: '核实期限',
  verification: '核实结论',
  // exports (src/db/credit-exports.ts)
  incremental: '仅新增/变更',
  sha256: '文件SHA-256',
  enteredOn: '录入省平台日期',
  resolution: '处理方式',
  review: '只看差评',
  followup: '差评核实',
  evaluationId: '评价记录',
  foundOn: '发现日期',
  linkKind: '关联记录类型',
  linkRef: '关联记录编号',
  rescoredOn: '重新评分日期',
  score: '标化得分',
  downgrade: '应降级',
  fromLevel: '原级别',
  toLevel: '新级别',
  posterVersion: '公示栏版本',
  revokedOn: '撤销日期',
  documentNo: '文书编号',
};

/** Values that are codes themselves. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  why: { 'ip-limit': '同一地址尝试过多', 'wrong-password': '密码错误', 'unknown-user': '用户名不存在', locked: '需等待后再试', inactive: '账户已停用' },
  role: { admin: '委机关管理员', district: '辖区监督员', viewer: '只读查看' },
  format: { csv: 'CSV', xlsx: 'Excel' },
  channel: { web: '网站', api: '接口' },
  dir: { asc: '升序', desc: '降序' },
  sort: { received: '收到时间', accept_due: '受理时限', close_due: '办结时限', status: '状态', institution: '机构' },
};

/** Inside an export's filter, from/to are the received dates, not a status change. */
const FILTER_FIELD_LABELS: Record<string, string> = { from: '收到日期起', to: '收到日期止' };

function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(key, x)).join('、') : '无';
  if (typeof v === 'object') {
    const inner =
      key === 'filter'
        ? Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== '' && x !== null && x !== undefined) // unset filter fields say nothing
            .map(([k, x]): [string, string] => [FILTER_FIELD_LABELS[k] ?? FIELD_LABELS[k] ?? k, valueText(k, x)])
        : auditDetailLines(v as Record<string, unknown>);
    return inner.length ? inner.map(([k, x]) => `${k}：${x}`).join('，') : '无';
  }
  // Details are JSON: what is left here is a string or a number.
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : JSON.stringify(v);
  return VALUE_LABELS[key]?.[s] ?? s;
}

/** The detail object as "字段：值" pairs, in the order written; unknown fields keep their name. */
export function auditDetailLines(detail: Record<string, unknown> | null | undefined): [string, string][] {
  if (!detail || typeof detail !== 'object') return [];
  return Object.entries(detail).map(([k, v]) => [FIELD_LABELS[k] ?? k, valueText(k, v)]);
}
