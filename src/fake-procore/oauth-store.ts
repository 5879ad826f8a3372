import { randomBytes } from 'node:crypto';
import type { Id } from './model.ts';

/** Authorization codes live 10 minutes and are single-use (procore-platform.md §10). */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

export type TokenKind = 'user' | 'client';

export interface TokenRecord {
  accessToken: string;
  /** Absent for client-credentials tokens (§10). */
  refreshToken: string | null;
  kind: TokenKind;
  /** The signed-in user; null for client-credentials tokens (identity is per company). */
  userId: Id | null;
  clientId: string;
  createdAt: number;
  expiresIn: number;
  accessRevoked: boolean;
  refreshRevoked: boolean;
  /** The authorization code the first token of this chain came from. */
  fromCode: string | null;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: Id;
  createdAt: number;
  used: boolean;
}

export type AccessCheck =
  | { status: 'ok'; token: TokenRecord }
  | { status: 'expired' | 'revoked' | 'unknown'; token?: TokenRecord };

/** Opaque random strings: tokens and codes need no reproducibility, only uniqueness. */
function opaque(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/** Codes, access tokens and refresh tokens of one fake login host. */
export class OAuthStore {
  private readonly codes = new Map<string, AuthCode>();
  private readonly byAccess = new Map<string, TokenRecord>();
  private readonly byRefresh = new Map<string, TokenRecord>();
  /** One-time form tokens of rendered consent pages. */
  private readonly consentNonces = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  issueCode(clientId: string, redirectUri: string, userId: Id): AuthCode {
    const code: AuthCode = {
      code: opaque(20),
      clientId,
      redirectUri,
      userId,
      createdAt: this.now(),
      used: false,
    };
    this.codes.set(code.code, code);
    return code;
  }

  /**
   * Redeems a code once. A second use fails and, as RFC 6749 §4.1.2 advises, revokes the
   * tokens issued from it.
   */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined): AuthCode | null {
    const found = this.codes.get(code);
    if (!found || found.clientId !== clientId) return null;
    if (found.used) {
      for (const t of this.byAccess.values()) {
        if (t.fromCode === code) t.accessRevoked = t.refreshRevoked = true;
      }
      return null;
    }
    found.used = true;
    if (this.now() - found.createdAt > CODE_LIFETIME_MS) return null;
    if (redirectUri !== found.redirectUri) return null;
    return found;
  }

  issueToken(
    kind: TokenKind,
    clientId: string,
    userId: Id | null,
    expiresIn: number,
    fromCode: string | null = null,
  ): TokenRecord {
    const token: TokenRecord = {
      accessToken: opaque(),
      refreshToken: kind === 'user' ? opaque() : null,
      kind,
      userId,
      clientId,
      createdAt: this.now(),
      expiresIn,
      accessRevoked: false,
      refreshRevoked: false,
      fromCode,
    };
    this.byAccess.set(token.accessToken, token);
    if (token.refreshToken) this.byRefresh.set(token.refreshToken, token);
    return token;
  }

  /** Single-use rotation: the old refresh token dies on use (§10). */
  rotate(
    refreshToken: string,
    clientId: string,
    expiresIn: number,
    revokeOldAccess: boolean,
  ): TokenRecord | null {
    const old = this.byRefresh.get(refreshToken);
    if (!old || old.refreshRevoked || old.clientId !== clientId) return null;
    old.refreshRevoked = true;
    if (revokeOldAccess) old.accessRevoked = true;
    return this.issueToken('user', clientId, old.userId, expiresIn, old.fromCode);
  }

  /** Revokes the pair a token belongs to; unknown tokens are ignored (§10). */
  revoke(tokenString: string): void {
    const token = this.byAccess.get(tokenString) ?? this.byRefresh.get(tokenString);
    if (token) token.accessRevoked = token.refreshRevoked = true;
  }

  check(accessToken: string): AccessCheck {
    const token = this.byAccess.get(accessToken);
    if (!token) return { status: 'unknown' };
    if (token.accessRevoked) return { status: 'revoked', token };
    if (this.secondsLeft(token) <= 0) return { status: 'expired', token };
    return { status: 'ok', token };
  }

  secondsLeft(token: TokenRecord): number {
    return Math.floor((token.createdAt + token.expiresIn * 1000 - this.now()) / 1000);
  }

  newConsentNonce(): string {
    const nonce = opaque(16);
    this.consentNonces.set(nonce, this.now());
    return nonce;
  }

  /** Consent forms are single-use and expire with the code lifetime. */
  takeConsentNonce(nonce: string): boolean {
    const at = this.consentNonces.get(nonce);
    this.consentNonces.delete(nonce);
    return at !== undefined && this.now() - at <= CODE_LIFETIME_MS;
  }

  /**
   * A user's token chains, one per consent (authorization code), each with its tokens oldest
   * first: what a test asks of Procore's side (which chain was revoked).
   */
  chainsOf(userId: Id): TokenRecord[][] {
    const chains = new Map<string, TokenRecord[]>();
    for (const t of this.byAccess.values()) {
      if (t.userId !== userId || t.fromCode === null) continue;
      chains.set(t.fromCode, [...(chains.get(t.fromCode) ?? []), t]);
    }
    return [...chains.values()].map((chain) => chain.sort((a, b) => a.createdAt - b.createdAt));
  }

  /** Revokes every token a user holds for an app: every chain, every pair. */
  revokeUser(userId: Id, clientId: string): void {
    for (const t of this.byAccess.values())
      if (t.userId === userId && t.clientId === clientId) t.accessRevoked = t.refreshRevoked = true;
  }

  /** The user and app of a token, if it is a user's. */
  ownerOf(tokenString: string): { userId: Id; clientId: string } | null {
    const token = this.byAccess.get(tokenString) ?? this.byRefresh.get(tokenString);
    return token?.userId ? { userId: token.userId, clientId: token.clientId } : null;
  }

  /** Revokes every token of a chain: the user withdrew that authorization in Procore. */
  revokeChain(fromCode: string): void {
    for (const t of this.byAccess.values())
      if (t.fromCode === fromCode) t.accessRevoked = t.refreshRevoked = true;
  }

  /** Counts for the control summary. */
  stats(): { codes: number; liveAccessTokens: number } {
    let live = 0;
    for (const t of this.byAccess.values())
      if (this.check(t.accessToken).status === 'ok') live += 1;
    return { codes: this.codes.size, liveAccessTokens: live };
  }
}
