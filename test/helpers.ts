import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config.js';
import { type Db, openPglite, openPostgres } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import type { RouteEntry } from '../src/http/access.js';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, type DemoAccount } from '../src/modules/demo/demo.data.js';
import { seedDemo } from '../src/modules/demo/demo.seed.js';
import type { JobRunner } from '../src/modules/jobs/jobs.service.js';
import { createJobRunner, createServer } from '../src/server.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a schema of
 * its own on the PostgreSQL server named by DATABASE_URL (dropped on close).
 */
export interface TestDb extends Db {
  /** For PostgreSQL: a URL that puts another process in this test's schema. */
  processUrl?: string;
}

export async function testDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  let db: TestDb;
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const inner = await openPostgres(url, { schema });
    const processUrl = new URL(url);
    processUrl.searchParams.set('options', `-c search_path=${schema}`);
    db = {
      ...inner,
      processUrl: processUrl.href,
      close: async () => {
        await inner.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  } else {
    db = await openPglite();
  }
  await migrate(db);
  return db;
}

/**
 * With PASSNUM_TEST_LOG_DIR (set by test/log-scan.setup.ts), every test server logs every
 * request there, and the run fails if personal data or a pass code reached the logs.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  const logDir = process.env.PASSNUM_TEST_LOG_DIR;
  const logging = logDir
    ? { LOG_LEVEL: 'debug', LOG_FILE: join(logDir, `${process.pid}-${randomBytes(4).toString('hex')}.log`) }
    : { LOG_LEVEL: 'silent' };
  return loadConfig({ NODE_ENV: 'test', ...logging, PUBLIC_URL: 'http://localhost:3000', ...overrides });
}

export interface SentMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { cid: string }[];
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: Config;
  routes: RouteEntry[];
  jobs: JobRunner;
  /** E-mails the jobs sent, captured instead of reaching an SMTP server. */
  mails: SentMail[];
  /** Signs a demo account in and returns its Cookie header. */
  cookieOf(account: DemoAccount | string): Promise<string>;
  close(): Promise<void>;
}

export async function testApp(
  opts: { seed?: boolean; env?: NodeJS.ProcessEnv; directory?: 'all' | 'claimed-only' } = {},
): Promise<TestApp> {
  const db = await testDb();
  if (opts.seed !== false) await seedDemo(db, opts.directory ?? 'claimed-only');
  const config = testConfig(opts.env);
  // Jobs run when a test drains them: no timers, so no test waits on a clock.
  const mails: SentMail[] = [];
  const mailer = nodemailer.createTransport({
    name: 'test',
    version: '1',
    send: (mail, done) => {
      mails.push(mail.data as SentMail);
      done(null, { envelope: mail.message.getEnvelope(), messageId: `test-${mails.length}` });
    },
  });
  const jobs = createJobRunner({ config, db, mailer });
  const { app, routes } = await createServer({ config, db });
  await app.ready();
  const cookies = new Map<string, string>();
  return {
    app,
    db,
    config,
    routes,
    jobs,
    mails,
    async cookieOf(account) {
      const a = typeof account === 'string' ? demoAccount(account) : account;
      const known = cookies.get(a.email);
      if (known) return known;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: a.email, password: a.password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${a.email}: ${res.statusCode} ${res.body}`);
      const setCookie = [res.headers['set-cookie']].flat()[0] ?? '';
      const cookie = setCookie.split(';')[0] ?? '';
      cookies.set(a.email, cookie);
      return cookie;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export function demoAccount(email: string): DemoAccount {
  const a = DEMO_ACCOUNTS.find((x) => x.email === email);
  if (!a) throw new Error(`no demo account ${email}`);
  return a;
}

/** The body of a new programme for the Côte-d'Or (inside the BFC operator's territory), running now. */
export const newProgramme = (code: string) => ({
  code,
  name: 'Pass numérique Côte-d’Or',
  territory: { departements: ['21'] },
  funders: [
    { organisationId: DEMO_ORGANISATIONS.regionBfc.id, shareBp: 6000 },
    { organisationId: DEMO_ORGANISATIONS.anct.id, shareBp: 4000 },
  ],
  envelopeCents: 1_100_000,
  engineeringCents: 100_000,
  startDate: '2026-09-01',
  endDate: '2027-08-31',
  eligibility: [{ ageMin: 60 }],
  prescriptionMode: 'open',
});
