// The program as an operator runs it: start, stop, start again, and the ways start-up can fail.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalConnector } from '../bots/localConnector';
import { Conversation, play } from './support/conversation';
import { backendTable } from './support/databases';
import { freePort, runIndex, type BotProcess } from './support/process';

let connector: LocalConnector;
beforeAll(async () => {
  connector = new LocalConnector();
  await connector.start();
});
afterAll(() => connector.stop());

const API_TOKEN = 'process-test-token-0123456789';

/** The needs recorded, as a caller of the API sees them. */
async function recordedNeeds(url: string): Promise<{ total: number; needs: { headcount: { value: number }; place: { name: string } }[] }> {
  const response = await fetch(`${url}/api/needs`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  expect(response.status).toBe(200);
  return response.json();
}

// On each backend: a kill in the middle of a dialog, after the person confirmed a need; then a clean stop.
describe.each(backendTable)('on %s', (name, backend) => {
  it('keeps a conversation across a SIGKILL: it continues where the person was, and the need confirmed before is kept; SIGTERM exits cleanly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blablaform-'));
    const testDb = name === 'PGlite' ? { url: `file:${path.join(dir, 'db')}`, drop: async () => {} } : await backend.create();
    const env = { DATABASE_URL: testDb.url, PORT: String(await freePort()), API_TOKEN };
    const started: BotProcess[] = [];
    const start = async () => {
      const bot = await runIndex(env);
      started.push(bot);
      return bot;
    };
    try {
      const first = await start();
      expect(first.ready).toBe(true);
      expect(first.output()).toContain('npm run chat');
      if (name === 'PGlite') {
        // One process at a time on an embedded folder: a second one is refused, naming the first.
        const intruder = await runIndex({ ...env, PORT: String(await freePort()) });
        expect(await intruder.exited).toBe(1);
        expect(intruder.output()).toMatch(/n'a pas pu démarrer : la base embarquée .*db est déjà ouverte par le processus \d+\. Arrêtez-le, ou utilisez PostgreSQL/);
      }
      const conversation = new Conversation(first.url, connector);
      await play(conversation, [
        ['bonjour', [/assistant automatique/, /confidentialité/, 'Pour commencer, vous êtes :']],
        ['Entreprise', [/^Décrivez-moi votre besoin/]],
        ['il nous faut des soudeurs', ['Bien noté.', 'Combien de personnes faut-il former ?']],
        ['3', [/^Pour quand/]],
        ['dès que possible', [/^Dans quelle commune/]],
        ['Vénissieux', [/^Quelques questions facultatives/]],
        ['passer', [/nom de votre entreprise/]],
        ['passer', [/Combien de salariés/]],
        ['passer', [/secteur d’activité/]],
        ['passer', [/adresse e-mail ou quel numéro/]],
        ['passer', [/Acceptez-vous que nous vous prévenions/]],
        ['passer', [/^Voici ce que j’ai noté :/, /^C’est bon \?/]],
        ['oui', [/^Merci, votre besoin est enregistré\./, 'Voulez-vous décrire un autre besoin ?']],
        ['oui', [/^Décrivez-moi votre besoin/]],
        ['il nous faut des caristes', ['Bien noté.', 'Combien de personnes faut-il former ?']],
        ['beaucoup', [/entre 1 et 10 000/]],
      ]);
      // Killed in the middle of the second need: no chance to flush or close anything.
      first.child.kill('SIGKILL');
      await first.exited;

      const second = await start();
      expect(second.ready).toBe(true);
      // The need confirmed before the kill is there, once.
      const { total, needs } = await recordedNeeds(second.url);
      expect(total).toBe(1);
      expect(needs[0]).toMatchObject({ headcount: { value: 3 }, place: { name: 'Vénissieux' } });
      // Still at the headcount question of the second need, one miss already counted: the next one offers choices and an advisor.
      await play(conversation, [['vraiment beaucoup', [/entre 1 et 10 000.*\n.*demander un conseiller/s]]]);
      // A clean stop: exit 0, and the embedded database's lock is released.
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      if (name === 'PGlite') expect(existsSync(path.join(dir, 'db.lock'))).toBe(false);
    } finally {
      // A failed expectation must not leave a bot running.
      for (const bot of started) if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
      await Promise.all(started.map((bot) => bot.exited));
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
});
