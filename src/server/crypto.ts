import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Encrypts Procore tokens at rest (AES-256-GCM). Keys derive from `SESSION_SECRET` with HKDF; a
 * comma-separated list rotates them: the first encrypts, every one decrypts (README, "Rotating
 * the session secret"). The key id travels with each value so old rows stay readable.
 */
export interface TokenCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'salus-setup', 'procore-token-encryption', 32));
}

const keyId = (key: Buffer) => deriveKeyId(key);
function deriveKeyId(key: Buffer): string {
  return Buffer.from(hkdfSync('sha256', key, '', 'key-id', 6)).toString('base64url');
}

export function createTokenCipher(secrets: string): TokenCipher {
  const keys = secrets
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(deriveKey);
  if (keys.length === 0) throw new Error('No encryption secret configured');
  const byId = new Map(keys.map((key) => [keyId(key), key]));
  const current = keys[0]!;
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        keyId(current),
        iv.toString('base64url'),
        data.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    decrypt(sealed) {
      const [version, id, iv, data, tag] = sealed.split('.');
      const key = id ? byId.get(id) : undefined;
      if (version !== 'v1' || !key || !iv || !data || !tag)
        throw new Error('Cannot decrypt a stored token');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

/**
 * Whether a secret someone sent (a bearer token, a hash) is the one expected, compared in
 * constant time so the answer's timing tells nothing of how much of it matched.
 */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
