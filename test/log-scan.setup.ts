import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The logs of the whole test run are scanned for what must never be in them: personal data
 * (names, e-mail addresses, phone numbers, IBANs, passwords, the keys that carry them in a
 * body) and pass codes. Every in-process test server logs at debug level into a folder made
 * here (see testConfig); the run fails at its end, naming the file and the line, if any is found.
 */
const FORBIDDEN: [string, RegExp][] = [
  // 13 Crockford symbols, grouped or not, with at least one letter (a timestamp is all digits).
  [
    'pass code',
    /\b(?=[0-9-]*[A-HJKMNP-TV-Z])[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z*~$=U]\b/,
  ],
  ['e-mail address', /[\w.+-]+@[\w-]+\.[\w.-]+/],
  ['IBAN', /\b[A-Z]{2}\d{2}(?: ?[0-9A-Z]{4}){3,7}\b/],
  ['French phone number', /(?:\+33|\b0)[1-9](?:[ .]?\d{2}){4}\b/],
  ['a body field holding personal data', /"(firstName|lastName|email|phone|iban|password|holder)"\s*:/],
];

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'passnum-test-logs-'));
  process.env.PASSNUM_TEST_LOG_DIR = dir;
  return () => {
    const findings: string[] = [];
    let lines = 0;
    for (const file of readdirSync(dir)) {
      for (const [i, line] of readFileSync(join(dir, file), 'utf8').split('\n').entries()) {
        if (!line) continue;
        lines++;
        for (const [what, pattern] of FORBIDDEN) {
          if (pattern.test(line)) findings.push(`${file}:${i + 1}: ${what}: ${line.slice(0, 300)}`);
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    // A run of files that start no server in-process (the CLI tests alone) has nothing to scan.
    if (lines === 0) {
      console.log('Log scan: no test server of this run logged anything; nothing to scan.');
      return;
    }
    if (findings.length > 0) {
      throw new Error(`Log scan: personal data or pass codes in the logs:\n${findings.slice(0, 20).join('\n')}`);
    }
    console.log(`Log scan: ${lines} log lines of the test run, no personal data or pass code in them.`);
  };
}
