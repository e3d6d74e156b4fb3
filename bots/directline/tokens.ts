// Direct Line tokens: one per conversation, so that nobody reads or writes someone else's.
// A token is a JWT (HS256) signed with DIRECTLINE_SECRET, carrying the conversation, the person's id
// on it and an expiry. Web Chat reads the `user` claim (without checking the signature) and posts
// under that id; the server checks the signature and takes the ids from the token, never from the page.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** As Azure's Direct Line: 30 minutes; DirectLineJS refreshes every 15. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;

export interface TokenClaims {
  /** The conversation this token opens. */
  conversationId: string;
  /** The person's id in that conversation (`dl_…`, Direct Line's prefix for ids set by the server). */
  userId: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; problem: 'malformed' | 'signature' | 'expired' };

export interface IssuedToken {
  conversationId: string;
  token: string;
  expires_in: number;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class DirectLineTokens {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(secret, 'utf8');
  }

  /** A random key, for a process started without DIRECTLINE_SECRET. */
  static randomSecret(): string {
    return randomBytes(32).toString('hex');
  }

  static newConversationId(): string {
    return randomBytes(16).toString('base64url');
  }

  static newUserId(): string {
    return `dl_${randomBytes(12).toString('base64url')}`;
  }

  issue(conversationId: string, userId: string): IssuedToken {
    const iat = Math.floor(this.now() / 1000);
    const payload = base64url(JSON.stringify({ iss: 'blablaform', conv: conversationId, user: userId, iat, exp: iat + TOKEN_LIFETIME_SECONDS }));
    return { conversationId, token: `${HEADER}.${payload}.${this.sign(`${HEADER}.${payload}`)}`, expires_in: TOKEN_LIFETIME_SECONDS };
  }

  check(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, problem: 'malformed' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'signature' };
    let payload: { conv?: unknown; user?: unknown; exp?: unknown };
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { ok: false, problem: 'malformed' };
    }
    const { conv, user, exp } = payload;
    if (typeof conv !== 'string' || typeof user !== 'string' || typeof exp !== 'number') return { ok: false, problem: 'malformed' };
    if (exp * 1000 <= this.now()) return { ok: false, problem: 'expired' };
    return { ok: true, claims: { conversationId: conv, userId: user, expiresAt: exp } };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
