// The advisors who log in to /console, their passwords (scrypt) and their sessions. A session's
// token lives only in the browser's cookie: the database keeps its SHA-256, so reading the table
// does not let anyone sign in.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Prisma } from '../database';

export type AdvisorRole = 'ADVISOR' | 'ANALYST';
export const ADVISOR_ROLES: readonly AdvisorRole[] = ['ADVISOR', 'ANALYST'];

export interface AdvisorAccount {
  id: string;
  email: string;
  name: string;
  roles: AdvisorRole[];
}

export interface OpenSession {
  /** Goes in the cookie, and nowhere else. */
  token: string;
  csrfToken: string;
  advisor: AdvisorAccount;
  expiresAt: Date;
}

/** A refused account change; the message says in French what to fix. */
export class AdvisorError extends Error {}

export const MIN_PASSWORD_LENGTH = 12;
const MAX_EMAIL_LENGTH = 254;

/** Lower-cased and trimmed, or an AdvisorError when it does not look like an address. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(normalized)) {
    throw new AdvisorError(`Adresse e-mail invalide : « ${email.trim()} » (attendu par exemple camille.martin@crij.fr).`);
  }
  return normalized;
}

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AdvisorError(`Mot de passe trop court : ${MIN_PASSWORD_LENGTH} caractères au moins.`);
  }
}

export class Advisors {
  private readonly sessionMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly prisma: Prisma,
    options: { sessionHours?: number; now?: () => Date } = {},
  ) {
    this.sessionMs = (options.sessionHours ?? 12) * 3600_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Creates the account, or updates the one with this email (new password, and name and roles when
   * given). A new password closes the account's open sessions: whoever knew the old one is signed out.
   */
  async add(input: { email: string; password: string; name?: string; roles?: AdvisorRole[] }): Promise<{ account: AdvisorAccount; created: boolean }> {
    const email = normalizeEmail(input.email);
    checkNewPassword(input.password);
    const name = input.name?.trim() || undefined;
    const roles = input.roles ? checkRoles(input.roles) : undefined;
    const passwordHash = await hashPassword(input.password);
    const existing = await this.prisma.advisor.findUnique({ where: { email } });
    if (!existing) {
      const row = await this.prisma.advisor.create({
        data: { email, passwordHash, name: name ?? nameFromEmail(email), roles: roles ?? ['ADVISOR'] },
      });
      return { account: toAccount(row), created: true };
    }
    const [, row] = await this.prisma.$transaction([
      this.prisma.advisorSession.deleteMany({ where: { advisorId: existing.id } }),
      this.prisma.advisor.update({ where: { id: existing.id }, data: { passwordHash, name, roles } }),
    ]);
    return { account: toAccount(row), created: false };
  }

  /** The account when the password is right; undefined otherwise, in the same time whether the email exists or not. */
  async verify(email: string, password: string): Promise<AdvisorAccount | undefined> {
    const row = await this.prisma.advisor.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!row) {
      await checkPassword(password, await dummyHash());
      return undefined;
    }
    return (await checkPassword(password, row.passwordHash)) ? toAccount(row) : undefined;
  }

  async openSession(advisor: AdvisorAccount): Promise<OpenSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + this.sessionMs);
    await this.prisma.advisorSession.create({ data: { tokenHash: tokenHash(token), advisorId: advisor.id, csrfToken, expiresAt } });
    return { token, csrfToken, advisor, expiresAt };
  }

  /** The signed-in advisor, or undefined when the token is unknown or its session has expired. */
  async session(token: string): Promise<{ advisor: AdvisorAccount; csrfToken: string } | undefined> {
    if (!token) return undefined;
    const row = await this.prisma.advisorSession.findUnique({ where: { tokenHash: tokenHash(token) }, include: { advisor: true } });
    if (!row || row.expiresAt <= this.now()) return undefined;
    return { advisor: toAccount(row.advisor), csrfToken: row.csrfToken };
  }

  async closeSession(token: string): Promise<void> {
    await this.prisma.advisorSession.deleteMany({ where: { tokenHash: tokenHash(token) } });
  }

  /** Deletes the expired sessions; returns how many. */
  async purgeExpiredSessions(): Promise<number> {
    const { count } = await this.prisma.advisorSession.deleteMany({ where: { expiresAt: { lte: this.now() } } });
    return count;
  }
}

// scrypt with N = 2^15, r = 8 needs 128·N·r = 32 MiB, exactly Node's default maxmem: raise it.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** "scrypt$N$r$p$salt$hash", salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, SCRYPT, KEY_LENGTH);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** False for a wrong password and for a stored value this code did not write. */
export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return false;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const expected = Buffer.from(match[5], 'base64');
  // Bounds keep a tampered row from making us allocate gigabytes (scrypt needs 128·N·r bytes).
  if (N < 2 || r < 1 || 128 * N * r > 256 * 2 ** 20 || p < 1 || p > 16 || expected.length < 16) return false;
  const actual = await derive(password, Buffer.from(match[4], 'base64'), { N, r, p }, expected.length);
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;
/** What an unknown email is checked against, so that it costs the same scrypt as a known one. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function checkRoles(roles: AdvisorRole[]): AdvisorRole[] {
  const unknown = roles.filter((r) => !ADVISOR_ROLES.includes(r));
  if (unknown.length) throw new AdvisorError(`Rôle inconnu : ${unknown.join(', ')} (attendu : ADVISOR ou ANALYST).`);
  if (!roles.length) throw new AdvisorError('Au moins un rôle est nécessaire (ADVISOR ou ANALYST).');
  return [...new Set(roles)];
}

/** "camille.martin@crij.fr" → "Camille Martin". */
function nameFromEmail(email: string): string {
  const local = email.slice(0, email.indexOf('@'));
  const words = local.split(/[._-]+/).filter(Boolean);
  return words.map((word) => word[0].toUpperCase() + word.slice(1)).join(' ') || local;
}

function toAccount(row: { id: string; email: string; name: string; roles: AdvisorRole[] }): AdvisorAccount {
  return { id: row.id, email: row.email, name: row.name, roles: [...row.roles] };
}
