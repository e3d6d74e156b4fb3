// The program as an operator runs it: start, stop, start again, and the ways start-up can fail.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalConnector } from '../bots/localConnector';
import { Conversation, play } from './support/conversation';
import { backendTable } from './support/databases';
import { freePort, runIndex } from './support/process';

let connector: LocalConnector;
beforeAll(async () => {
  connector = new LocalConnector();
  await connector.start();
});
afterAll(() => connector.stop());

const restarts = backendTable.flatMap(([name, backend]) =>
  (name === 'PGlite' ? (['SIGTERM', 'SIGKILL'] as const) : (['SIGTERM'] as const)).map((signal) => [name, signal, backend] as const),
);

describe.each(restarts)('on %s, stopped with %s', (name, signal, backend) => {
  it('keeps a conversation across a restart: the next message continues where the person was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blablaform-'));
    const testDb = name === 'PGlite' ? { url: `file:${path.join(dir, 'db')}`, drop: async () => {} } : await backend.create();
    try {
      const port = String(await freePort());
      const first = await runIndex({ DATABASE_URL: testDb.url, PORT: port });
      expect(first.ready).toBe(true);
      expect(first.output()).toContain('npm run chat');
      const conversation = new Conversation(first.url, connector);
      await play(conversation, [
        ['bonjour', [/assistant automatique/, /confidentialité/, 'Pour commencer, vous êtes :']],
        ['Entreprise', [/^Décrivez-moi votre besoin/]],
        ['il nous faut des soudeurs', ['Bien noté.', 'Combien de personnes faut-il former ?']],
        ['beaucoup', [/entre 1 et 10 000/]],
      ]);
      first.child.kill(signal);
      const code = await first.exited;
      if (signal === 'SIGTERM') {
        expect(code).toBe(0);
        if (name === 'PGlite') expect(existsSync(path.join(dir, 'db.lock'))).toBe(false);
      }

      const second = await runIndex({ DATABASE_URL: testDb.url, PORT: port });
      expect(second.ready).toBe(true);
      // Still at the headcount question of the same need, one miss already counted: the next one offers choices and an advisor.
      await play(conversation, [
        ['vraiment beaucoup', [/entre 1 et 10 000.*\n.*demander un conseiller/s]],
        ['3', [/^Pour quand/]],
        ['dès que possible', [/^Dans quelle commune/]],
      ]);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('start-up failures are clear and stop the process', () => {
  it('a bad setting names the variable and what is expected (exit 2)', async () => {
    const run = await runIndex({ PORT: 'trois-mille', DATABASE_URL: 'mysql://nope' });
    expect(run.ready).toBe(false);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/PORT: .*\(reçu : "trois-mille"\)/);
    expect(run.output()).toMatch(/DATABASE_URL: attendu postgresql:\/\/.*file:CHEMIN.*memory:/);
  });

  it('an unreachable PostgreSQL is reported with the address (exit 1)', async () => {
    const port = await freePort();
    const run = await runIndex({ PORT: String(await freePort()), DATABASE_URL: `postgresql://postgres:secret@127.0.0.1:${port}/test` });
    expect(run.ready).toBe(false);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(new RegExp(`PostgreSQL ne répond pas \\(postgresql://postgres:\\*\\*\\*@127.0.0.1:${port}/test\\)`));
    expect(run.output()).not.toContain('secret');
  });

  it('a second process on the same embedded database is refused, naming the one that holds it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blablaform-'));
    const url = `file:${path.join(dir, 'db')}`;
    const first = await runIndex({ DATABASE_URL: url, PORT: String(await freePort()) });
    try {
      expect(first.ready).toBe(true);
      const second = await runIndex({ DATABASE_URL: url, PORT: String(await freePort()) });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/n'a pas pu démarrer : la base embarquée .*db est déjà ouverte par le processus \d+\. Arrêtez-le, ou utilisez PostgreSQL/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
