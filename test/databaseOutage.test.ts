// PostgreSQL goes away while a company is describing a need, then comes back. A TCP proxy between the
// bot and its database resets every connection, then refuses new ones (a server that stopped) or
// leaves them unanswered (a network failure), then lets them through again.
import { startBot, type RunningBot } from './support/app';
import { play, type Conversation } from './support/conversation';
import { createPostgresDatabase, postgresUrl, type TestDatabase } from './support/databases';
import { startTcpProxy, throughProxy, type TcpProxy } from './support/tcpProxy';
import { TURN_ERROR_TEXT } from '../bots/turnErrors';
import { PostgresHandoffEvents } from '../services/handoff/events';
import { createLogger } from '../services/logger';

const ASK_NEED = /^Décrivez-moi votre besoin de formation avec vos mots/;
const SUMMARY = /^Voici ce que j’ai noté :/;
const CONFIRM = /^C’est bon \? Répondez « oui » pour enregistrer/;
const SAVED = /^Merci, votre besoin est enregistré\./;
const ANOTHER = 'Voulez-vous décrire un autre besoin ?';
const PASSWORD = 'un mot de passe assez long';
const HANDOFF_ID = '00000000-0000-4000-8000-00000000beef';

(postgresUrl ? describe : describe.skip)('when PostgreSQL goes away and comes back', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let bot: RunningBot;
  beforeAll(async () => {
    database = await createPostgresDatabase();
    const { hostname, port } = new URL(database.url);
    proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) });
    bot = await startBot({ DATABASE_URL: throughProxy(database.url, proxy) });
  });
  afterAll(async () => {
    await bot?.stop();
    await proxy?.close();
    await database?.drop();
  });

  const health = async () => (await fetch(`${bot.app.url}/healthz`)).status;

  /** What the person is told while the database is away, and how long it takes them to hear it. */
  async function sayDuringOutage(c: Conversation, text: string) {
    const started = performance.now();
    const [status, replies] = await Promise.all([health(), c.say(text)]);
    return { status, texts: replies.map((r) => r.text), seconds: (performance.now() - started) / 1000 };
  }

  it('answers 503 and a short apology meanwhile; then the person repeats and the dialog continues, nothing confirmed lost', async () => {
    // An advisor's console is open on this instance the whole time (its stream does not need the database).
    await bot.app.advisors.add({ email: 'camille@crij.fr', password: PASSWORD, name: 'Camille' });
    const advisorConsole = await openConsoleStream(bot.app.url, 'camille@crij.fr');
    const c = bot.conversation();
    try {
      await play(c, [
        ['bonjour', [/assistant automatique/, /confidentialité/, 'Pour commencer, vous êtes :']],
        ['Entreprise', [ASK_NEED]],
        ['4 cuisiniers à Bron dès que possible, en présentiel', ['Bien noté.', /^Quelques questions facultatives/]],
        ['passer', [/Combien de salariés/]],
        ['passer', [/secteur/]],
        ['passer', [/adresse e-mail/]],
        ['passer', [/Acceptez-vous/]],
        ['non', [SUMMARY, CONFIRM]],
        ['oui', [SAVED, ANOTHER]],
        ['oui', [ASK_NEED]],
        ['il nous faut des soudeurs', ['Bien noté.', 'Combien de personnes faut-il former ?']],
      ]);

      // The server stops: connections are refused at once.
      proxy.cut();
      const stopped = await sayDuringOutage(c, 'trois');
      expect(stopped).toMatchObject({ status: 503, texts: [TURN_ERROR_TEXT] });
      expect(stopped.seconds).toBeLessThan(3);
      proxy.restore();
      expect(await health()).toBe(200);
      // « trois » was not taken meanwhile: the question is still the headcount, and said again it is the answer.
      await play(c, [['trois', [/^Pour quand/]]]);

      // The network fails: connections are never answered, and only the connection timeout (5 s) ends the wait.
      proxy.cut('hang');
      const unreachable = await sayDuringOutage(c, 'au printemps');
      expect(unreachable).toMatchObject({ status: 503, texts: [TURN_ERROR_TEXT] });
      expect(unreachable.seconds).toBeLessThan(8);
      proxy.restore();
      expect(await health()).toBe(200);
      await play(c, [
        ['au printemps', [/^Dans quelle commune/]],
        ['St-Priest', [/en présentiel, à distance, ou mixte/]],
      ]);

      // The need confirmed before the outages is recorded, once (the database is this test's own); the one under way is not recorded yet.
      const { needs } = await bot.app.needs.list({}, { page: 1, pageSize: 50 });
      expect(needs).toHaveLength(1);
      expect(needs[0]).toMatchObject({ headcount: { value: 4 }, place: { name: 'Bron' }, occupation: { said: expect.stringMatching(/cuisinier/) } });

      // The console, open all along, again sees what another instance does (this one listens again).
      const otherInstance = new PostgresHandoffEvents(database.url, createLogger('silent'));
      try {
        const seen = advisorConsole.waitFor(HANDOFF_ID, 15_000);
        const publishing = setInterval(() => void otherInstance.publish({ handoffId: HANDOFF_ID, kind: 'taken' }), 250);
        await seen.finally(() => clearInterval(publishing));
      } finally {
        await otherInstance.close();
      }
    } finally {
      await advisorConsole.close();
    }
  });
});

/** An advisor signed in to the console, with its live stream of changes open. */
async function openConsoleStream(base: string, email: string) {
  const login = await fetch(`${base}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const abort = new AbortController();
  const stream = await fetch(`${base}/console/api/events`, { headers: { cookie }, signal: abort.signal });
  expect(stream.status).toBe(200);
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let received = '';
  return {
    /** Resolves when a change of this handoff arrives; fails after `timeoutMs`. */
    async waitFor(handoffId: string, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!received.includes(`"handoffId":"${handoffId}"`)) {
        const left = deadline - Date.now();
        let timer: NodeJS.Timeout | undefined;
        const next = await Promise.race([reader.read(), new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), Math.max(left, 0))))]);
        clearTimeout(timer);
        if (next === 'late' || next.done) throw new Error(`no change of ${handoffId} reached the console within ${timeoutMs} ms`);
        received += next.value;
      }
    },
    async close() {
      abort.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}
