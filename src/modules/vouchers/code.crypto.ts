import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { PassCode } from './code.rules.js';

/**
 * A pass code is a bearer secret. The database holds only its keyed hash (HMAC-SHA-256, for
 * look-up: a leaked table spends nothing) and its AES-256-GCM ciphertext (so carnets still in
 * stock can be printed again). Both keys derive from PASSNUM_SECRET, each for its own purpose.
 */
export interface CodeKeys {
  lookup: Buffer;
  encryption: Buffer;
}

export function codeKeys(secret: string): CodeKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'passnum', info, 32));
  return { lookup: derive('pass-code-lookup'), encryption: derive('pass-code-encryption') };
}

export function codeHash(keys: CodeKeys, code: PassCode): Buffer {
  return createHmac('sha256', keys.lookup).update(code).digest();
}

/** iv (12 bytes) ‖ tag (16 bytes) ‖ ciphertext. */
export function encryptCode(keys: CodeKeys, code: PassCode): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decryptCode(keys: CodeKeys, sealed: Uint8Array): PassCode {
  const buf = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8') as PassCode;
}
