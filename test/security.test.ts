import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutraliseCell } from '../src/csv.js';
import { DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';
import { FRANCE_SERVICES_FILE } from '../src/modules/demo/demo.venues.js';
import { ibanSealer, sealPlaintextIbans } from '../src/modules/venues/iban.crypto.js';
import { readImportFile } from '../src/modules/venues/import.reader.js';
import { importVenues } from '../src/modules/venues/import.service.js';
import { detectEncoding } from '../src/text-encoding.js';
import { ADMIN, BFC, LOZERE } from './actors.js';
import { demoAccount, type TestApp, testApp } from './helpers.js';
import { call, issueCarnets, youngJobSeeker } from './vouchers-helpers.js';

const BFC_OPERATOR = BFC.operator;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

describe('holes found by the attack test, each attacked again', () => {
  it('sends a strict Content-Security-Policy, no framing, nosniff and a referrer policy; HSTS only over https', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/programmes' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();

    const https = await testApp({ seed: false, env: { PUBLIC_URL: 'https://pass.example.fr' } });
    try {
      const secured = await https.app.inject({ method: 'GET', url: '/api/v1/public/programmes' });
      expect(secured.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await https.close();
    }
  });

  it('checks at most the limit of passwords when 40 clients try at once', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: LOZERE.funder, password: `wrong-${i}` },
        }),
      ),
    );
    const checked = attempts.filter((r) => r.statusCode === 401).length;
    const throttled = attempts.filter((r) => r.statusCode === 429).length;
    expect(checked).toBeLessThanOrEqual(t.config.login.maxFailures);
    expect(checked + throttled).toBe(40);
    // Even the right password is not checked any more in this window.
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: LOZERE.funder, password: demoAccount(LOZERE.funder).password },
    });
    expect(right.statusCode).toBe(429);
  });

  it('ignores X-Forwarded-For from a client that is not a configured proxy', async () => {
    const lookUps = (app: TestApp['app']) =>
      Promise.all(
        Array.from({ length: 35 }, (_, i) =>
          app.inject({
            method: 'GET',
            url: '/api/v1/passes/ABCDEFGHJKMNP',
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
          }),
        ),
      );
    const direct = await lookUps(t.app);
    expect(direct.filter((r) => r.statusCode === 429).length).toBeGreaterThan(0);

    const behindProxy = await testApp({ seed: false, env: { TRUSTED_PROXIES: '127.0.0.1' } });
    try {
      const proxied = await lookUps(behindProxy.app);
      expect(proxied.filter((r) => r.statusCode === 429)).toEqual([]);
    } finally {
      await behindProxy.close();
    }
  });

  it('neutralises spreadsheet formulas in every CSV cell, but keeps numbers and phone numbers', async () => {
    for (const cell of ['=HYPERLINK("http://x")', '+cmd|', '-2+3+cmd|', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
    }
    for (const cell of ['-1.5', '+33 4 66 00 00 00', 'EPN de Dijon', '12']) expect(neutraliseCell(cell)).toBe(cell);

    const url = `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/venue-imports`;
    const content = readFileSync(FRANCE_SERVICES_FILE, 'utf8')
      .split('\n')
      .filter((line, i) => i === 0 || line.startsWith('"149",'))
      .join('\n')
      .replace('"France services Montbéliard"', '"=HYPERLINK(""http://evil.test"")"')
      .replace('47.49936,6.798311', ',');
    const res = await call(t, BFC_OPERATOR, 'POST', url, { format: 'france-services', content, dryRun: true });
    expect(res.json().rejected).toHaveLength(1);
    const report = await call(t, BFC_OPERATOR, 'GET', `/api/v1/venue-imports/${res.json().importId}/rejected.csv`);
    expect(report.body).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(report.body).not.toMatch(/,"?=HYPERLINK/);
  });

  it('reads a Windows-1252 file from disk with its accents, and refuses a file in an unknown encoding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passnum-import-'));
    const latin1 = join(dir, 'fs-latin1.csv');
    const utf8 = readFileSync(FRANCE_SERVICES_FILE, 'utf8');
    const lines = utf8.split('\n').filter((line, i) => i === 0 || line.startsWith('"149",') || line.startsWith('"8",'));
    writeFileSync(latin1, iconv.encode(lines.join('\n'), 'windows-1252'));
    expect(detectEncoding(readFileSync(latin1))).toBe('windows-1252');
    expect(detectEncoding(readFileSync(FRANCE_SERVICES_FILE))).toBe('utf-8');

    const { encoding, rows } = await readImportFile(latin1);
    expect(encoding).toBe('windows-1252');
    const report = await importVenues(t.db, { actor: null, requestId: null }, DEMO_PROGRAMMES.bfc, {
      format: 'france-services',
      content: rows,
      dryRun: false,
    });
    expect(report).toMatchObject({ rowsRead: 2, created: 1, outOfTerritory: 1, rejected: [] });
    const names = await t.db.query<{ name: string }>(
      "SELECT name FROM venues WHERE name LIKE 'France services Montb%'",
    );
    expect(names.map((n) => n.name)).toEqual(['France services Montbéliard']);

    const utf16 = join(dir, 'fs-utf16.csv');
    writeFileSync(utf16, iconv.encode(lines.join('\n'), 'utf-16le', { addBOM: true }));
    await expect(readImportFile(utf16)).rejects.toMatchObject({ code: 'IMPORT_ENCODING' });

    // Text already decoded with the wrong encoding (replacement characters) is refused, not stored.
    const mangled = await call(t, BFC_OPERATOR, 'POST', `/api/v1/programmes/${DEMO_PROGRAMMES.bfc}/venue-imports`, {
      format: 'france-services',
      content: lines.join('\n').replace('Montbéliard', 'Montb\uFFFDliard'),
      dryRun: true,
    });
    expect(mangled.json().error.code).toBe('IMPORT_ENCODING');
  });

  it('keeps the documented error shape for refusals made before routing (URL too long)', async () => {
    const res = await t.app.inject({ url: `/api/v1/passes/${'A'.repeat(1000)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: { code: 'URI_TOO_LONG', message: "L'adresse demandée est trop longue." } });
  });

  it('answers 404, not 500, when an admin imports into a programme that does not exist', async () => {
    const res = await call(t, ADMIN, 'POST', '/api/v1/programmes/00000000-0000-4000-8000-000000000000/venue-imports', {
      format: 'standard',
      content: '[]',
      dryRun: true,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PROGRAMME_NOT_FOUND');
  });

  it('keeps IBANs encrypted at rest, and seals those written in clear before', async () => {
    const res = await call(t, BFC.venue, 'PUT', '/api/v1/me/bank-account', {
      holder: 'EPN de Dijon',
      iban: 'FR76 3000 6000 0112 3456 7890 189',
      bic: 'AGRIFRPP882',
    });
    expect(res.json()).toMatchObject({ status: 'pending', iban: expect.stringMatching(/•/) });
    const rows = await t.db.query<{ iban: string | null; iban_sealed: Uint8Array; iban_masked: string }>(
      'SELECT iban, iban_sealed, iban_masked FROM bank_accounts WHERE id = $1',
      [res.json().id],
    );
    const row = rows[0] as { iban: string | null; iban_sealed: Uint8Array; iban_masked: string };
    expect(row.iban).toBeNull();
    expect(Buffer.from(row.iban_sealed).toString('latin1')).not.toContain('30006000011234567890189');
    expect(ibanSealer(t.config.secret).open(row.iban_sealed)).toBe('FR7630006000011234567890189');

    // A row from before the migration: sealed at start-up, then no clear IBAN is left anywhere.
    await t.db.query(
      `INSERT INTO bank_accounts (organisation_id, holder, iban, bic, status)
       VALUES ($1, 'Ancien', 'FR7630006000011234567890189', 'AGRIFRPP882', 'rejected')`,
      [BFC.venueId],
    );
    expect(await sealPlaintextIbans(t.db, t.config.secret)).toBeGreaterThan(0);
    expect(await t.db.query('SELECT 1 FROM bank_accounts WHERE iban IS NOT NULL')).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM programmes WHERE debtor_iban IS NOT NULL')).toEqual([]);
    expect(await sealPlaintextIbans(t.db, t.config.secret)).toBe(0);
  });

  it("escapes the programme's name in the HTML of a carnet sent by e-mail", async () => {
    const renamed = await call(t, BFC.operator, 'PATCH', `/api/v1/programmes/${BFC.id}`, {
      name: 'Pass <img src=x onerror=alert(1)> BFC',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const [serial] = await issueCarnets(t, BFC.operator, BFC.id, 1);
    await call(t, BFC.operator, 'POST', `/api/v1/carnets/${serial}/allocation`, { distributorId: BFC.distributorId });
    const handed = await call(t, BFC.distributor, 'POST', `/api/v1/carnets/${serial}/distribution`, {
      ...youngJobSeeker('Echappement'),
      delivery: { mode: 'email', email: 'echappement@example.org' },
    });
    expect(handed.statusCode, handed.body).toBe(201);
    const before = t.mails.length;
    await t.jobs.drain();
    const html = t.mails[before]?.html ?? '';
    expect(html).toContain('Pass &lt;img src=x onerror=alert(1)&gt; BFC');
    expect(html).not.toContain('<img src=x');
  });
});
