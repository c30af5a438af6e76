import { z } from 'zod';
import { parseTrustedProxies } from './server/forwarded';
import path from 'node:path';

/**
 * The one place that reads the environment. Everything else imports `config`.
 * Invalid values end the program with one clear sentence (see `ConfigError`).
 */

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Free text that may be left out: unset, empty or blank all mean "not configured". */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z.object({
  /** Address the server listens on. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Port the server listens on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  /** External PostgreSQL (14+). When unset, the embedded PostgreSQL in .data/ is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头')
    .optional(),
  /** Port of the embedded PostgreSQL (chosen to avoid a system cluster on 5432). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Folder for the embedded database, the generated secrets and published releases. */
  DATA_DIR: z.string().min(1).optional(),
  /** Public base URL, used in QR codes, canonical links and open data. */
  PUBLIC_URL: z.url().optional(),
  /** Institutions in the demo data loaded into an empty embedded database. */
  DEMO_INSTITUTIONS: z.coerce.number().int().min(0).max(1_000_000).default(300),
  /** A demo province of this many counties (each with its settings and administrator); unset: one county. */
  DEMO_COUNTIES: z.coerce.number().int().min(1).max(100).optional(),
  /** Load demo data into an external DATABASE_URL too (never done unless asked). */
  DEMO_DATA_EXTERNAL: boolish,
  /** 32-byte key (base64 or hex) for personal data at rest; generated in DATA_DIR when unset. */
  PII_KEY: z.string().optional(),
  /** Set when served behind HTTPS (Secure cookies, __Host- prefix, HSTS). */
  HTTPS: boolish,
  /**
   * Reverse proxies in front of the server (addresses or CIDR ranges, comma-separated): only
   * their X-Forwarded-For / X-Forwarded-Proto are believed (src/server/forwarded.ts).
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      const r = parseTrustedProxies(v);
      if ('error' in r) ctx.addIssue({ code: 'custom', message: r.error });
    }),
  /** Raise the per-IP intake limit (benchmarks only). */
  INTAKE_IP_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /**
   * Fonts for the official notices' PDFs (src/documents/notice-pdf.ts): a CJK serif, regular and
   * bold, as .ttc (with the face name after '#') or .ttf/.otf. Debian: apt-get install fonts-noto-cjk.
   */
  NOTICE_FONT: z.string().min(1).default('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular'),
  NOTICE_FONT_BOLD: z.string().min(1).default('/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc#NotoSerifCJKsc-Bold'),
  // Site identity (政府网站发展指引): shown in every public footer when set, absent when not;
  // part of the build's fingerprint, so a change takes effect at the next `npm start`.
  /** 政府网站标识码: ten characters, e.g. 4100000001 (a department's starts with "bm"). */
  SITE_GOV_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9A-Za-z]{10}$/, '政府网站标识码应为10位数字或字母')
      .optional(),
  ),
  /** ICP 备案号, e.g. 豫ICP备00000001号 (linked to https://beian.miit.gov.cn/). */
  SITE_ICP: optionalText.pipe(
    z
      .string()
      .regex(/ICP备\d+号/, 'ICP备案号格式应如“豫ICP备00000001号”')
      .optional(),
  ),
  /** 公安机关备案号, e.g. 豫公网安备41000002000001号 (linked to beian.gov.cn with its digits). */
  SITE_PSB: optionalText.pipe(
    z
      .string()
      .regex(/公网安备\d{6,}号/, '公安机关备案号格式应如“豫公网安备41000002000001号”')
      .optional(),
  ),
  /** 主办单位 (default: the dataset's authority, as before). */
  SITE_SPONSOR: optionalText,
  /** 承办单位. */
  SITE_OPERATOR: optionalText,
  /** 联系我们: phone, postal address, e-mail. */
  SITE_CONTACT_PHONE: optionalText.pipe(
    z
      .string()
      .regex(/^[\d+\-() ]{5,30}$/, '联系电话只能包含数字、空格和 + - ( )')
      .optional(),
  ),
  SITE_CONTACT_ADDRESS: optionalText,
  SITE_CONTACT_EMAIL: optionalText.pipe(z.email('电子邮箱格式不正确').optional()),
  /** The commission that issues the notices, e.g. 青禾县卫生健康委员会 (default: the dataset's authority). */
  SITE_COMMISSION_NAME: optionalText,
  /** Its abbreviation in notice numbers, e.g. 青禾卫健 (青禾卫健降〔2026〕1号): 2–10 Chinese characters. */
  SITE_COMMISSION_ABBR: optionalText.pipe(
    z
      .string()
      .regex(/^[\u4e00-\u9fff]{2,10}$/, '机关简称应为2至10个汉字')
      .optional(),
  ),
  /**
   * Job queue (src/server/queue.ts, docs/integrations.md): workers run inside the server unless
   * this is false; then run `npm run worker` on one or more other machines.
   */
  WORKERS_IN_SERVER: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
    .optional()
    .transform((v) => v === undefined || v === '' || v === '1' || v === 'true' || v === 'yes'),
  /** Jobs one worker process runs at the same time, per queue. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** A job still active after this many seconds (its worker died) is retried by another worker. */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How often a worker looks for expired jobs (seconds). */
  JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  /** Personal data of finished complaints is purged after this many days (the scheduled purge). */
  PII_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  /** Mail to real-name complainants: smtp(s)://user:pass@host:port; off when unset. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL 必须以 smtp:// 或 smtps:// 开头')
    .optional(),
  SMTP_FROM: z.string().min(3).default('医疗机构信用公示平台 <noreply@localhost>'),
  /** SMS to real-name complainants: 'tencent' (Tencent Cloud SMS) or unset (off). */
  SMS_PROVIDER: z.enum(['tencent', '']).optional(),
  SMS_SECRET_ID: z.string().optional(),
  SMS_SECRET_KEY: z.string().optional(),
  SMS_SDK_APP_ID: z.string().optional(),
  SMS_SIGN_NAME: z.string().optional(),
  SMS_REGION: z.string().min(1).default('ap-guangzhou'),
  /** Provider endpoint (host, or http(s)://host:port for a test stand-in). */
  SMS_ENDPOINT: z.string().min(1).default('sms.tencentcloudapi.com'),
  /** Template ids, one per message kind (accepted, closed, rejected, feedback); a kind without one is not sent. */
  SMS_TEMPLATE_ACCEPTED: z.string().optional(),
  SMS_TEMPLATE_CLOSED: z.string().optional(),
  SMS_TEMPLATE_REJECTED: z.string().optional(),
  SMS_TEMPLATE_FEEDBACK: z.string().optional(),
  /** The commission as the 双公示 exports name it (处罚机关, 数据来源单位); defaults to the dataset's authority. */
  EXPORT_AUTHORITY_NAME: z.string().trim().min(2).max(100).optional(),
  /** The commission's 统一社会信用代码 (18 characters), required by the credit platform's field set. */
  EXPORT_AUTHORITY_USCC: z
    .string()
    .trim()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'EXPORT_AUTHORITY_USCC 应为 18 位统一社会信用代码')
    .optional(),
  /** Where finished exports are pushed (POST, through the job queue); no push when unset. */
  EXPORT_PUSH_URL: z.url().optional(),
  /** Hash of the audit log's chain for new rows (docs/security.md): SM3 (GB/T 32905) or SHA-256. */
  AUDIT_HASH: z.enum(['sm3', 'sha256']).default('sm3'),
  /** Days audit rows are kept at least (等保 level 3: six months); never below 180. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'AUDIT_RETENTION_DAYS 不能少于180天（等保三级要求审计记录至少保存六个月）').default(180),
  /** Cipher for personal data written from now on; stored values stay readable whatever it is. */
  PII_CIPHER: z.enum(['sm4', 'aes']).default('sm4'),
  /**
   * Further personal-data keys, comma-separated, newest first (each 32 bytes, base64 or hex): the
   * first encrypts new values, all of them (and PII_KEY) decrypt; `npm run pii:rotate` moves old
   * values to the first.
   */
  PII_KEYS: z.string().default(''),
  /** Passwords: character classes (upper, lower, digit, symbol) a new password needs, 0–4. */
  PASSWORD_MIN_CLASSES: z.coerce.number().int().min(0).max(4).default(3),
  /** Passwords: the last N passwords of an account cannot be used again (0 = off). */
  PASSWORD_HISTORY: z.coerce.number().int().min(0).max(24).default(5),
  /** Session ends after this many minutes without a request (等保: idle timeout). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Session ends this many hours after login, active or not. */
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  /**
   * How often the site is published, in words (e.g. "每个工作日 18:00"): the rating thanks page says
   * when an approved comment will show. Unset: it says "下次发布时" only.
   */
  PUBLISH_CADENCE: z.string().trim().min(1).max(60).optional(),
  /** Run as CI: no prompts, no TTY progress bars. */
  CI: boolish,
});

/**
 * The variables the static pages show (footer, 联系我们): they are part of the build's
 * fingerprint (codeStamp in src/release/releases.ts), so a release built with other values is
 * rebuilt at the next `npm start`.
 */
export const SITE_IDENTITY_KEYS = [
  'SITE_GOV_ID',
  'SITE_ICP',
  'SITE_PSB',
  'SITE_SPONSOR',
  'SITE_OPERATOR',
  'SITE_CONTACT_PHONE',
  'SITE_CONTACT_ADDRESS',
  'SITE_CONTACT_EMAIL',
] as const;

export type Config = z.infer<typeof EnvSchema> & { rootDir: string; dataDir: string; publicUrl: string };

export class ConfigError extends Error {}

function load(): Config {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`配置错误 (configuration error): ${String(first?.path[0])}: ${first?.message ?? ''}`);
  }
  // npm scripts always run from the package root; ROOT_DIR overrides for tools run elsewhere.
  const rootDir = path.resolve(process.env['ROOT_DIR'] ?? process.cwd());
  const env = parsed.data;
  return {
    ...env,
    rootDir,
    dataDir: path.resolve(rootDir, env.DATA_DIR ?? '.data'),
    publicUrl: (env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`).replace(/\/$/, ''),
  };
}

let loaded: Config | null = null;

/**
 * Read on first use, not at import: a bad value then surfaces inside the caller's error
 * handling as one clear sentence instead of a stack trace at module load.
 */
export const config: Config = new Proxy({} as Config, {
  get(_t, prop) {
    loaded ??= load();
    return Reflect.get(loaded, prop) as unknown;
  },
});
