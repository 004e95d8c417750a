import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt parameters (N=2^15, r=8, p=1): about 50 ms and 32 MiB a hash, OWASP's minimum.
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time comparison; an absent hash still costs one scrypt so timing reveals nothing. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$');
  const salt = parts?.length === 4 ? Buffer.from(parts[2] ?? '', 'base64url') : randomBytes(16);
  const expected = parts?.length === 4 ? Buffer.from(parts[3] ?? '', 'base64url') : randomBytes(KEY_LENGTH);
  const actual = await scryptAsync(password, salt);
  return stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A bearer secret (session cookie, API token): 256 random bits. */
export function newSecretToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
