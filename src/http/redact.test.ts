import { describe, expect, it } from 'vitest';
import { redactUrl } from './app.js';

describe('URLs in the logs', () => {
  it('mask pass and attestation codes, and drop the query', () => {
    expect(redactUrl('/p/ABCD-EFGH-JKMN-P?x=1')).toBe('/p/[masqué]');
    expect(redactUrl('/api/v1/passes/ABCDEFGHJKMNP/evaluation')).toBe('/api/v1/passes/[masqué]/evaluation');
    // An attestation code can look like an IBAN to a log scanner, and leads to a name.
    expect(redactUrl('/api/v1/public/attestations/AB12CDEF3456GHJK7890')).toBe('/api/v1/public/attestations/[masqué]');
    expect(redactUrl('/api/v1/training/attestations/AB12CDEF3456GHJK7890/pdf')).toBe(
      '/api/v1/training/attestations/[masqué]/pdf',
    );
  });
});
