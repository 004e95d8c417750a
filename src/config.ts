import { z } from 'zod';
import { type Brand, identityProblem, THEMES } from './identity.rules.js';

/** Environment, parsed and validated once: a bad variable stops start-up with a clear message. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  /** A PostgreSQL hot standby of DATABASE_URL: dashboards, exports and the public directory read there. */
  DATABASE_READ_URL: z.string().url().optional(),
  PASSNUM_DATA_DIR: z.string().default('./data'),
  /** The embedded database in production: refused unless said so (it does not force writes to disk). */
  PASSNUM_ALLOW_EMBEDDED_DATABASE: z.enum(['true', 'false']).default('false'),
  PUBLIC_URL: z.string().url().optional(),
  PASSNUM_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Logs to this file (appended) instead of standard output. */
  LOG_FILE: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Passnum <ne-pas-repondre@passnum.local>'),
  /** Text messages are POSTed here as JSON { to, text }; unset: no SMS, texts kept in the outbox. */
  SMS_WEBHOOK_URL: z.string().url().optional(),
  SMS_WEBHOOK_TOKEN: z.string().optional(),
  /** territoire (default: any collectivité) or etat (State services on .gouv.fr only). */
  PASSNUM_THEME: z.enum(THEMES).default('territoire'),
  PASSNUM_BRAND_NAME: z.string().trim().min(1).max(80).default('Passnum'),
  PASSNUM_BRAND_TAGLINE: z.string().trim().max(120).default('Les Pass numériques de votre territoire'),
  PASSNUM_BRAND_COLOR: z.string().default('#1d5b79'),
  MAP_TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: z.string().default('© les contributeurs d’OpenStreetMap'),
  /** Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed. */
  TRUSTED_PROXIES: z.string().default(''),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Providers that vouch for every e-mail they send without an email_verified claim (ProConnect). */
  OIDC_TRUST_EMAILS: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** A streaming replica for the read-heavy pages that tolerate a little lag (docs/scaling.md). */
  databaseReadUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  /** Server secret for keyed hashes (sessions, tokens, later pass codes). */
  secret: string;
  logLevel: string;
  logFile: string | undefined;
  sessionTtlHours: number;
  login: { maxFailures: number; windowMinutes: number };
  /** trustEmails: an e-mail without an email_verified claim counts as verified (never one marked false). */
  oidc: { issuer: string; clientId: string; clientSecret: string; trustEmails: boolean } | undefined;
  /** smtp(s)://user:password@host:port; unset: messages are logged, not sent. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The SMS provider's endpoint (see mail/sms.ts); unset: SMS disabled. */
  smsWebhookUrl: string | undefined;
  smsWebhookToken: string | undefined;
  /** Map tiles of the public directory (empty URL: list only, no map). */
  map: { tileUrl: string; attribution: string };
  /**
   * Proxies allowed to name the client's address: anyone else could send X-Forwarded-For and
   * escape every per-address limit. Empty: the socket's address is the client's.
   */
  trustedProxies: string[];
  /** The instance's identity: theme, name, tagline and colour (see identity.rules.ts). */
  brand: Brand;
}

/** Only for development and tests: production refuses to start without PASSNUM_SECRET. */
const DEV_SECRET = 'passnum-development-secret-not-for-production-use';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.PASSNUM_SECRET) {
    throw new Error('Configuration invalide : PASSNUM_SECRET (32 caractères au moins) est obligatoire en production.');
  }
  if (e.NODE_ENV === 'production' && !e.DATABASE_URL && e.PASSNUM_ALLOW_EMBEDDED_DATABASE !== 'true') {
    throw new Error(
      "Configuration invalide : en production, DATABASE_URL (un serveur PostgreSQL) est obligatoire. La base embarquée PGlite ne force pas l'écriture sur disque : une coupure de courant peut perdre les dernières opérations. Pour l'utiliser quand même (essai, pilote), PASSNUM_ALLOW_EMBEDDED_DATABASE=true.",
    );
  }
  const brand: Brand = {
    theme: e.PASSNUM_THEME,
    name: e.PASSNUM_BRAND_NAME,
    tagline: e.PASSNUM_BRAND_TAGLINE,
    color: e.PASSNUM_BRAND_COLOR,
  };
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const problem = identityProblem(brand, publicUrl);
  if (problem) throw new Error(`Configuration invalide : ${problem}`);
  const oidc =
    e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
          trustEmails: e.OIDC_TRUST_EMAILS === 'true',
        }
      : undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_URL ? e.DATABASE_READ_URL : undefined,
    dataDir: e.PASSNUM_DATA_DIR,
    publicUrl,
    secret: e.PASSNUM_SECRET ?? DEV_SECRET,
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    login: { maxFailures: e.LOGIN_MAX_FAILURES, windowMinutes: e.LOGIN_WINDOW_MINUTES },
    oidc,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    smsWebhookUrl: e.SMS_WEBHOOK_URL,
    smsWebhookToken: e.SMS_WEBHOOK_TOKEN,
    map: { tileUrl: e.MAP_TILE_URL, attribution: e.MAP_TILE_ATTRIBUTION },
    brand,
    trustedProxies: e.TRUSTED_PROXIES.split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
}
