import { describe, expect, it } from 'vitest';
import { createTokenCipher } from './crypto.ts';

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
