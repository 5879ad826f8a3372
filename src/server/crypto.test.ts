import { describe, expect, it } from 'vitest';
import { createTokenCipher, safeEqual } from './crypto.ts';

describe('tokens at rest', () => {
  it('encrypts so the stored value reveals nothing, and decrypts back', () => {
    const cipher = createTokenCipher('k'.repeat(40));
    const sealed = cipher.encrypt('procore-refresh-token-123');
    expect(sealed).not.toContain('procore-refresh-token');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
    expect(cipher.decrypt(sealed)).toBe('procore-refresh-token-123');
  });

  it('rotates keys: a new first secret encrypts, old values still decrypt', () => {
    const old = createTokenCipher('old-secret-'.repeat(4));
    const sealed = old.encrypt('token');
    const rotated = createTokenCipher(`${'new-secret-'.repeat(4)},${'old-secret-'.repeat(4)}`);
    expect(rotated.decrypt(sealed)).toBe('token');
    expect(() => old.decrypt(rotated.encrypt('token'))).toThrow();
  });

  it('rejects a tampered value', () => {
    const cipher = createTokenCipher('k'.repeat(40));
    const sealed = cipher.encrypt('token');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.decrypt(tampered)).toThrow();
  });
});

describe('comparing secrets', () => {
  it('is true only for the same text, whatever the lengths', () => {
    expect(safeEqual('support-token-0123456789', 'support-token-0123456789')).toBe(true);
    expect(safeEqual('support-token-0123456788', 'support-token-0123456789')).toBe(false);
    expect(safeEqual('support-token', 'support-token-0123456789')).toBe(false);
    expect(safeEqual('', 'support-token-0123456789')).toBe(false);
    expect(safeEqual('é', 'e\u0301')).toBe(false);
  });
});
