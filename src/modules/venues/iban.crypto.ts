import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Db } from '../../db/db.js';
import { maskIban } from './bank.rules.js';

/**
 * IBANs at rest: AES-256-GCM under a key derived from PASSNUM_SECRET for this purpose alone
 * (iv ‖ tag ‖ ciphertext), beside a masked form for the screens. A copy of the database without
 * the secret gives no account number to divert payments with or to phish a venue with.
 */
export interface IbanSealer {
  seal(iban: string): { sealed: Buffer; masked: string };
  open(sealed: Uint8Array): string;
}

export function ibanSealer(secret: string): IbanSealer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'passnum', 'iban-encryption', 32));
  return {
    seal(iban) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(iban, 'utf8'), cipher.final()]);
      return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]), masked: maskIban(iban) };
    },
    open(sealed) {
      const buf = Buffer.from(sealed);
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** Seals the IBANs written in clear before migration 0011; returns how many. Safe to re-run. */
export async function sealPlaintextIbans(db: Db, secret: string): Promise<number> {
  const sealer = ibanSealer(secret);
  return db.tx(async (q) => {
    let n = 0;
    const accounts = await q.query<{ id: string; iban: string }>(
      'SELECT id, iban FROM bank_accounts WHERE iban IS NOT NULL FOR UPDATE',
    );
    for (const a of accounts) {
      const { sealed, masked } = sealer.seal(a.iban);
      await q.query('UPDATE bank_accounts SET iban_sealed = $2, iban_masked = $3, iban = NULL WHERE id = $1', [
        a.id,
        sealed,
        masked,
      ]);
      n++;
    }
    const debtors = await q.query<{ id: string; debtor_iban: string }>(
      'SELECT id, debtor_iban FROM programmes WHERE debtor_iban IS NOT NULL FOR UPDATE',
    );
    for (const p of debtors) {
      const { sealed, masked } = sealer.seal(p.debtor_iban);
      await q.query(
        'UPDATE programmes SET debtor_iban_sealed = $2, debtor_iban_masked = $3, debtor_iban = NULL WHERE id = $1',
        [p.id, sealed, masked],
      );
      n++;
    }
    return n;
  });
}
