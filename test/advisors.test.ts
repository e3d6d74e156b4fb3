// Advisor accounts and sessions, on every backend: passwords are kept only as salted scrypt hashes,
// a wrong password and an unknown email look the same, sessions end when they expire or are closed.
// Then the advisor:add command line on an embedded database in a temporary folder.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../services/database';
import { AdvisorError, Advisors, checkPassword, hashPassword } from '../services/handoff/advisors';
import { backendTable, type TestDatabase } from './support/databases';
import { CHILD_ENV, RUN_TS } from './support/process';

const PASSWORD = 'correct horse battery';

describe.each(backendTable)('advisors on %s', (_name, backend) => {
  let testDb: TestDatabase;
  let database: Database;
  let clock: Date;
  let advisors: Advisors;

  beforeAll(async () => {
    testDb = await backend.create();
    database = await openDatabase(testDb.url);
    await database.migrate();
    advisors = new Advisors(database.prisma, { sessionHours: 2, now: () => clock });
  });
  beforeEach(() => {
    clock = new Date('2026-11-25T09:00:00Z');
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('creates an account with a name taken from the email and the advisor role, then updates it', async () => {
    const first = await advisors.add({ email: '  Camille.Martin@CRIJ.fr ', password: PASSWORD });
    expect(first).toEqual({ created: true, account: { id: expect.any(String), email: 'camille.martin@crij.fr', name: 'Camille Martin', roles: ['ADVISOR'] } });

    const second = await advisors.add({ email: 'camille.martin@crij.fr', password: 'un tout autre mot de passe', name: 'Camille M.', roles: ['ANALYST', 'ADVISOR', 'ANALYST'] });
    expect(second).toEqual({ created: false, account: { id: first.account.id, email: 'camille.martin@crij.fr', name: 'Camille M.', roles: ['ANALYST', 'ADVISOR'] } });
    expect(await advisors.verify('camille.martin@crij.fr', PASSWORD)).toBeUndefined();
    expect(await advisors.verify('Camille.Martin@crij.fr', 'un tout autre mot de passe')).toEqual(second.account);

    const third = await advisors.add({ email: 'camille.martin@crij.fr', password: PASSWORD });
    expect(third.account).toMatchObject({ name: 'Camille M.', roles: ['ANALYST', 'ADVISOR'] });
  });

  it('recognises the right password only, and says nothing more for an unknown email', async () => {
    const { account } = await advisors.add({ email: 'lea@crij.fr', password: PASSWORD });
    expect(await advisors.verify('lea@crij.fr', PASSWORD)).toEqual(account);
    expect(await advisors.verify('lea@crij.fr', PASSWORD.toUpperCase())).toBeUndefined();
    expect(await advisors.verify('lea@crij.fr', '')).toBeUndefined();
    expect(await advisors.verify('personne@crij.fr', PASSWORD)).toBeUndefined();
  });

  it.each([
    ['a password shorter than 12 characters', { email: 'court@crij.fr', password: 'onze caract' }, /^Mot de passe trop court : 12 caractères au moins\.$/],
    ['an email without @', { email: 'camille.crij.fr', password: PASSWORD }, /^Adresse e-mail invalide : « camille\.crij\.fr »/],
    ['an email without a domain', { email: 'camille@crij', password: PASSWORD }, /^Adresse e-mail invalide/],
    ['an email with spaces inside', { email: 'camille martin@crij.fr', password: PASSWORD }, /^Adresse e-mail invalide/],
  ])('refuses %s in French, creating nothing', async (_what, input, message) => {
    const attempt = advisors.add(input);
    await expect(attempt).rejects.toThrow(AdvisorError);
    await expect(attempt).rejects.toThrow(message);
    expect(await database.prisma.advisor.count({ where: { email: input.email } })).toBe(0);
  });

  it('stores the password only as a salted scrypt hash', async () => {
    await advisors.add({ email: 'hash@crij.fr', password: PASSWORD });
    const row = await database.prisma.advisor.findUniqueOrThrow({ where: { email: 'hash@crij.fr' } });
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);

    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await checkPassword(PASSWORD, a)).toBe(true);
    expect(await checkPassword(PASSWORD, b)).toBe(true);
    expect(await checkPassword(`${PASSWORD} `, a)).toBe(false);
    expect(await checkPassword(PASSWORD, 'bcrypt$whatever')).toBe(false);
  });

  it('opens a session found by its token until it expires, keeping only the token’s hash', async () => {
    const { account } = await advisors.add({ email: 'session@crij.fr', password: PASSWORD, roles: ['ANALYST'] });
    const session = await advisors.openSession(account);
    expect(session).toEqual({ token: expect.stringMatching(/^[\w-]{43}$/), csrfToken: expect.stringMatching(/^[\w-]{43}$/), advisor: account, expiresAt: new Date('2026-11-25T11:00:00Z') });

    const rows = await database.prisma.advisorSession.findMany({ where: { advisorId: account.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(session.token);

    expect(await advisors.session(session.token)).toEqual({ advisor: account, csrfToken: session.csrfToken });
    expect(await advisors.session(`${session.token}x`)).toBeUndefined();
    expect(await advisors.session('')).toBeUndefined();

    clock = new Date('2026-11-25T10:59:59Z');
    expect(await advisors.session(session.token)).toBeDefined();
    clock = new Date('2026-11-25T11:00:00Z');
    expect(await advisors.session(session.token)).toBeUndefined();
  });

  it('closes a session, and all of an account’s sessions when its password changes', async () => {
    const { account } = await advisors.add({ email: 'close@crij.fr', password: PASSWORD });
    const one = await advisors.openSession(account);
    const two = await advisors.openSession(account);
    await advisors.closeSession(one.token);
    expect(await advisors.session(one.token)).toBeUndefined();
    expect(await advisors.session(two.token)).toBeDefined();
    await advisors.closeSession(one.token);

    await advisors.add({ email: 'close@crij.fr', password: 'un nouveau mot de passe' });
    expect(await advisors.session(two.token)).toBeUndefined();
  });

  it('purges the expired sessions and keeps the others', async () => {
    await database.prisma.advisorSession.deleteMany();
    const { account } = await advisors.add({ email: 'purge@crij.fr', password: PASSWORD });
    const old = await advisors.openSession(account);
    clock = new Date('2026-11-25T10:00:00Z');
    const recent = await advisors.openSession(account);
    clock = new Date('2026-11-25T11:30:00Z');
    expect(await advisors.purgeExpiredSessions()).toBe(1);
    expect(await advisors.purgeExpiredSessions()).toBe(0);
    clock = new Date('2026-11-25T09:00:00Z');
    expect(await advisors.session(old.token)).toBeUndefined();
    expect(await advisors.session(recent.token)).toBeDefined();
  });
});

describe('advisor:add command line', () => {
  let dir: string;
  let url: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'blablaform-advisor-'));
    url = `file:${path.join(dir, 'db')}`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], { env = {}, input }: { env?: Record<string, string>; input?: string } = {}) {
    const child = spawn(process.execPath, [...RUN_TS, 'services/handoff/advisorCli.ts', ...args], {
      cwd: path.join(__dirname, '..'),
      env: { ...CHILD_ENV, DATABASE_URL: url, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  }

  async function withAdvisors<T>(work: (advisors: Advisors) => Promise<T>): Promise<T> {
    const database = await openDatabase(url);
    try {
      return await work(new Advisors(database.prisma));
    } finally {
      await database.close();
    }
  }

  it('creates an account with the password of ADVISOR_PASSWORD, then updates it with one read from stdin', async () => {
    const created = await run(['Camille@CRIJ.fr', '--name', 'Camille Martin'], { env: { ADVISOR_PASSWORD: PASSWORD } });
    expect(created).toEqual({ code: 0, stdout: 'Compte créé : camille@crij.fr (conseiller)\n', stderr: '' });
    expect(await withAdvisors((a) => a.verify('camille@crij.fr', PASSWORD))).toMatchObject({ name: 'Camille Martin', roles: ['ADVISOR'] });

    const updated = await run(['camille@crij.fr', '--role', 'advisor,analyst'], { input: 'un nouveau mot de passe\n' });
    expect(updated).toEqual({ code: 0, stdout: 'Compte mis à jour : camille@crij.fr (conseiller, analyste)\n', stderr: '' });
    expect(await withAdvisors((a) => a.verify('camille@crij.fr', 'un nouveau mot de passe'))).toMatchObject({ name: 'Camille Martin', roles: ['ADVISOR', 'ANALYST'] });
  });

  it('says that the bot may hold the embedded database, and exits 1', async () => {
    const database = await openDatabase(url);
    try {
      const refused = await run(['lea@crij.fr'], { env: { ADVISOR_PASSWORD: PASSWORD } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`est déjà ouverte par le processus ${process.pid}`);
      expect(refused.stderr).toContain('Si le bot tourne sur cette base embarquée (npm start), arrêtez-le');
    } finally {
      await database.close();
    }
  });

  it('exits 2 with the usage or the reason for bad input, before touching the database', async () => {
    // Independent runs, started together: each costs a process start.
    const [usage, badEmail, badRole, badOption, shortPassword, emptyInput] = await Promise.all([
      run([], { env: { ADVISOR_PASSWORD: PASSWORD } }),
      run(['pas-une-adresse'], { env: { ADVISOR_PASSWORD: PASSWORD } }),
      run(['lea@crij.fr', '--role', 'admin'], { env: { ADVISOR_PASSWORD: PASSWORD } }),
      run(['lea@crij.fr', '--force'], { env: { ADVISOR_PASSWORD: PASSWORD } }),
      run(['lea@crij.fr'], { env: { ADVISOR_PASSWORD: 'court' } }),
      run(['lea@crij.fr'], { input: '' }),
    ]);
    expect(usage).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^Adresse e-mail manquante\.\nusage : npm run advisor:add -- EMAIL/) });
    expect(badEmail).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Adresse e-mail invalide : « pas-une-adresse »/) });
    expect(badRole).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Rôle inconnu : « admin »/) });
    expect(badOption).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Option inconnue : --force/) });
    expect(shortPassword).toEqual({ code: 2, stdout: '', stderr: 'Mot de passe trop court : 12 caractères au moins.\n' });
    expect(emptyInput).toMatchObject({ code: 2, stderr: 'Mot de passe trop court : 12 caractères au moins.\n' });
    expect(await withAdvisors((a) => a.verify('lea@crij.fr', PASSWORD))).toBeUndefined();
  });
});
