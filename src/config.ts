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
  /**
   * How often the site is published, in words (e.g. "每个工作日 18:00"): the rating thanks page says
   * when an approved comment will show. Unset: it says "下次发布时" only.
   */
  PUBLISH_CADENCE: z.string().trim().min(1).max(60).optional(),
  /** Run as CI: no prompts, no TTY progress bars. */
  CI: boolish,
});

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
