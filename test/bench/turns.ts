// npm run bench:turns — how many turns a second the bot serves over HTTP, and how fast each is answered.
// The bot runs in a process of its own (test/bench/turnServer.ts: createApp, the same middleware and
// state saving as in production, logs at LOG_LEVEL=info to /dev/null); this process plays the channel:
// it POSTs activities to /api/messages and receives the replies on a local Bot Framework connector
// (bots/localConnector.ts). Two bots on the same stack:
//   echo:   a root dialog that answers each message with one echo: the floor of the stack;
//   dialog: the real bot, a company describing a need (14 turns: role, need, headcount, deadline,
//           commune, six optional questions skipped, confirmation), the need recorded in the database.
//           Each conversation is a new person: 14 messages stay under the flood limit (RATE_LIMIT_PER_10S).
// Both get the same messages. Each runs with 1, 10 and 100 conversations sending back to back (the next
// message as soon as the last reply is in: the capacity), then 100 conversations pausing between
// messages as people do (paced), on the embedded PGlite (a file: folder in a temp directory) and on
// PostgreSQL (a database of its own on BENCH_DATABASE_URL or TEST_DATABASE_URL, dropped at the end).
//   BENCH_SECONDS (default 4) measured per configuration, after BENCH_WARMUP_SECONDS (default 1);
//   BENCH_THINK_MS (default 1000): the paced conversations' mean pause, drawn between half and 1.5 times it.
//   BENCH_DATABASES=pglite,postgres and BENCH_BOTS=echo,dialog choose what runs (both by default);
//   BENCH_QUERIES=1 lists the statements each bot sends the database per turn (one conversation);
//   BENCH_CPU_PROF=DIR writes CPU profiles of the bot processes, start-up included, under DIR/echo and
//   DIR/dialog (node --cpu-prof), to open in Chrome's DevTools.
// Latency is from the POST to the arrival of the turn's last reply at the connector. The POST itself
// returns when the turn is over (replies are sent during it); the benchmark checks that every reply
// arrived before its POST returned and that each turn got the reply its script expects.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import pg from 'pg';
import { LocalConnector } from '../../bots/localConnector';
import { Conversation } from '../support/conversation';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { openDatabase } from '../../services/database';
import type { ServerMessage, ServerRequest } from './turnServer';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');
const BOTS = (process.env.BENCH_BOTS ?? 'echo,dialog').split(',') as Bot[];
const CPU_PROF = process.env.BENCH_CPU_PROF;
const LIST_QUERIES = Boolean(process.env.BENCH_QUERIES);

type Bot = 'echo' | 'dialog';
interface Mode {
  conversations: number;
  paced: boolean;
}
const MODES: Mode[] = [
  { conversations: 1, paced: false },
  { conversations: 10, paced: false },
  { conversations: 100, paced: false },
  { conversations: 100, paced: true },
];

/** What the person says, and what the turn's last reply must match (for the real dialog). */
type Step = [says: string, lastReply: RegExp];

/** A company describes one need piece by piece and skips the optional questions (as in test/needsDialog.test.ts). */
const needScript = (need: string, headcount: string, deadline: string, commune: string): Step[] => [
  ['bonjour', /vous êtes/],
  ['Entreprise', /^Décrivez-moi votre besoin/],
  [need, /Combien de personnes faut-il former/],
  [headcount, /^Pour quand/],
  [deadline, /^Dans quelle commune/],
  [commune, /^Quelques questions facultatives/],
  ['passer', /nom de votre entreprise/],
  ['passer', /Combien de salariés/],
  ['passer', /secteur d’activité/],
  ['passer', /adresse e-mail ou quel numéro/],
  ['passer', /Acceptez-vous que nous vous prévenions/],
  ['passer', /^C’est bon \?/],
  ['oui', /Voulez-vous décrire un autre besoin/],
  ['non', /^Merci ! Écrivez-moi/],
];
// Several occupations and communes, so that the needs do not all fall in one ever-growing pool.
const SCRIPTS: Step[][] = [
  needScript('il nous faut des soudeurs', 'trois', 'au printemps', 'St-Priest'),
  needScript('nous cherchons à former des caristes', '5', 'dans les 3 mois', 'Vénissieux'),
  needScript('des aides-soignantes', 'une dizaine', 'avant la fin de l’année', 'Villeurbanne'),
  needScript('il faudrait former des comptables', '2', 'dès que possible', 'Bron'),
];
const ECHO = /^echo: /;

interface Sample {
  /** From the POST to the turn's last reply at the connector. */
  latencyMs: number;
  /** From the POST to its answer: the whole turn, state saved. */
  turnMs: number;
}

interface Result {
  database: string;
  bot: Bot;
  mode: Mode;
  turns: number;
  turnsPerSecond: number;
  p50: number;
  p99: number;
  turnP99: number;
  peakRssBytes: number;
  cpuMsPerTurn: number;
  loopDelayMaxMs: number;
  gcMaxMs: number;
  /** Statements sent to the database, by their first words, per turn. */
  statements: Record<string, number>;
  /** From the last reply's arrival to the POST's answer, each turn. */
  returnAfterMs: number[];
}

class Problems {
  mismatches = 0;
  late = 0;
  examples: string[] = [];

  add(example: string): void {
    this.mismatches++;
    if (this.examples.length < 3) this.examples.push(example);
  }
}

// The channel's side speaks node:http over kept-alive connections, opened before each configuration
// as a channel's connection pool would be. Not fetch (postActivity in bots/localConnector.ts): with 100
// requests at once, Node 20's fetch handled 600 requests a second where node:http handled 4,500 (same
// trivial server), so it would measure itself. And not connections opened under load: a Node server
// whose event loop is saturated serves its open connections first and accepts new ones slowly (a
// hundred opened at once against a server busy 8 ms a request: ten still waiting after 3 s).
const agent = new http.Agent({ keepAlive: true });

/** Opens `count` connections to the bot (one /healthz each, all at once), left open for the turns. */
async function openConnections(botUrl: string, count: number): Promise<void> {
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http.get(`${botUrl}/healthz`, { agent }, (response) => response.resume().on('end', resolve)).on('error', reject);
    });
  await Promise.all(Array.from({ length: count }, get));
}

/** POSTs an activity to the bot's /api/messages as a channel would; resolves with the status once the bot has answered. */
function post(botUrl: string, activity: Partial<Activity>): Promise<number> {
  const body = JSON.stringify({ id: randomUUID(), timestamp: new Date().toISOString(), ...activity });
  return new Promise((resolve, reject) => {
    const request = http.request(`${botUrl}/api/messages`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The turn under way in each conversation, and the replies it has got so far. */
class Channel {
  private readonly inFlight = new Map<string, { texts: string[]; lastAt: number }>();

  constructor(
    readonly connector: LocalConnector,
    private readonly problems: Problems,
  ) {
    connector.on('activity', (activity: Activity) => {
      if (activity.type !== 'message') return;
      const turn = this.inFlight.get(activity.conversation.id);
      // A reply between two turns of its conversation came after its POST had returned.
      if (!turn) return void this.problems.late++;
      turn.texts.push(activity.text ?? '');
      turn.lastAt = performance.now();
    });
  }

  async turn(botUrl: string, conversation: Conversation, text: string) {
    const turn = { texts: [] as string[], lastAt: 0 };
    this.inFlight.set(conversation.id, turn);
    const started = performance.now();
    try {
      const status = await post(botUrl, conversation.activity({ type: 'message', text }));
      return { status, started, returned: performance.now(), ...turn };
    } finally {
      this.inFlight.delete(conversation.id);
    }
  }
}

/** The bot's process, and its answers to our requests (one at a time). */
class BotProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(bot: Bot, databaseUrl: string): Promise<BotProcess> {
    const child = fork(path.join(__dirname, 'turnServer.ts'), [], {
      execArgv: ['--disable-warning=DEP0111', '--import', 'tsx', ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(CPU_PROF, bot)}`] : [])],
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', BENCH_BOT: bot },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ServerMessage>((resolve, reject) => {
      child.once('message', (m: ServerMessage) => resolve(m));
      child.once('exit', (code) => reject(new Error(`the ${bot} bot exited (${code}) before it was ready`)));
    });
    if (ready.kind !== 'ready') throw new Error(`unexpected message from the bot: ${JSON.stringify(ready)}`);
    child.removeAllListeners('exit');
    return new BotProcess(child, ready.url);
  }

  ask<K extends ServerMessage['kind']>(request: ServerRequest, kind: K): Promise<Extract<ServerMessage, { kind: K }>> {
    return new Promise((resolve) => {
      this.child.once('message', (m: ServerMessage) => resolve(m as Extract<ServerMessage, { kind: K }>));
      this.child.send(request);
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ cmd: 'stop' } satisfies ServerRequest);
    await exited;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `mode.conversations` conversations through the warm-up and the measured window; each plays its
 * script to the end and starts a new conversation. Measured: the turns that end within the window, and
 * the bot process's CPU, statements and peak RSS from the window's start to its end, the load running
 * throughout (what the turns under way at its start did before it is about what those under way at its
 * end still have to do).
 */
async function drive(server: BotProcess, channel: Channel, bot: Bot, mode: Mode, problems: Problems, warmUpMs: number, measureMs: number) {
  const samples: Sample[] = [];
  await openConnections(server.url, mode.conversations);
  const measureFrom = performance.now() + warmUpMs;
  const stopAt = measureFrom + measureMs;
  const measured = measureMs > 0;
  const snapshot = measured
    ? (async () => {
        await sleep(warmUpMs);
        await server.ask({ cmd: 'reset' }, 'reset');
        await sleep(stopAt - performance.now());
        return server.ask({ cmd: 'report' }, 'report');
      })()
    : undefined;

  const converse = async (slot: number) => {
    const script = SCRIPTS[slot % SCRIPTS.length];
    let conversation = new Conversation(server.url, channel.connector);
    let step = 0;
    // Paced conversations do not all start at once.
    if (mode.paced) await sleep(Math.random() * THINK_MS);
    while (performance.now() < stopAt) {
      if (mode.paced && step > 0) await sleep(THINK_MS * (0.5 + Math.random()));
      if (performance.now() >= stopAt) break;
      const [says, expected] = script[step];
      const turn = await channel.turn(server.url, conversation, says);
      const last = turn.texts.at(-1) ?? '';
      const wanted = bot === 'echo' ? ECHO : expected;
      if (turn.status >= 300 || !wanted.test(last)) {
        problems.add(`${bot}, « ${says} » → HTTP ${turn.status}: ${turn.texts.map((t) => `« ${t.slice(0, 120)} »`).join(' ') || 'no reply'} (expected ${wanted})`);
      }
      if (turn.returned >= measureFrom && turn.returned <= stopAt && turn.lastAt > 0) {
        samples.push({ latencyMs: turn.lastAt - turn.started, turnMs: turn.returned - turn.started });
      }
      step = (step + 1) % script.length;
      if (step === 0) conversation = new Conversation(server.url, channel.connector);
    }
  };

  await Promise.all(Array.from({ length: mode.conversations }, (_, slot) => converse(slot)));
  channel.connector.received.length = 0; // what the connector keeps would grow through the whole run
  if (!snapshot) return undefined;
  const { peakRssBytes, cpuMs, statements, loopDelayMaxMs, gcMaxMs } = await snapshot;
  const latencies = samples.map((s) => s.latencyMs);
  return {
    turns: samples.length,
    turnsPerSecond: samples.length / (measureMs / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    turnP99: percentile(samples.map((s) => s.turnMs), 0.99),
    peakRssBytes,
    cpuMsPerTurn: cpuMs / samples.length,
    loopDelayMaxMs,
    gcMaxMs,
    statements: Object.fromEntries(Object.entries(statements).map(([sql, n]) => [sql, n / samples.length])),
    returnAfterMs: samples.map((s) => s.turnMs - s.latencyMs),
  };
}

interface Backend {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function pglite(): Promise<Backend> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'blablaform-bench-'));
  return { name: 'PGlite', url: `file:${path.join(dir, 'db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(baseUrl: string): Promise<Backend & TestDatabase> {
  return { name: 'PostgreSQL', ...(await createPostgresDatabase(baseUrl)) };
}

async function main(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const cpus = os.cpus();
  const loadBefore = os.loadavg();
  const postgresVersion = baseUrl ? await serverVersion(baseUrl) : undefined;
  console.log(
    `Turns benchmark — ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${os.type()} ${os.release()}, Node ${process.version}` +
      (postgresVersion ? `, PostgreSQL ${postgresVersion}` : ''),
  );
  console.log(
    `${SECONDS} s measured per configuration after ${WARM_UP_SECONDS} s of warm-up; paced conversations pause ${THINK_MS / 2}–${(THINK_MS * 3) / 2} ms between messages. ` +
      `Load average (1, 5, 15 min) at the start: ${loadBefore.map((l) => l.toFixed(2)).join(', ')}.`,
  );
  if (!baseUrl) console.log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure it too.');
  console.log('');

  const problems = new Problems();
  const connector = new LocalConnector();
  await connector.start();
  const channel = new Channel(connector, problems);
  const results: Result[] = [];
  const makers = [...(DATABASES.includes('pglite') ? [pglite] : []), ...(baseUrl && DATABASES.includes('postgres') ? [() => postgres(baseUrl)] : [])];
  try {
    for (const make of makers) {
      const backend = await make();
      try {
        // Created and migrated first, so that no bot process carries the migration's memory.
        const database = await openDatabase(backend.url);
        await database.migrate();
        await database.close();
        for (const bot of BOTS) {
          const server = await BotProcess.start(bot, backend.url);
          try {
            // Compiled code and connections warm, the state tables already holding some conversations.
            await drive(server, channel, bot, { conversations: 10, paced: false }, problems, 2000, 0);
            for (const mode of MODES) {
              const r = await drive(server, channel, bot, mode, problems, WARM_UP_SECONDS * 1000, SECONDS * 1000);
              results.push({ database: backend.name, bot, mode, ...r! });
              process.stderr.write(`  ${backend.name}, ${bot}, ${label(mode)}: ${r!.turnsPerSecond.toFixed(0)} turns/s\n`);
            }
          } finally {
            await server.stop();
          }
        }
      } finally {
        await backend.drop();
      }
    }
  } finally {
    agent.destroy();
    await connector.stop();
  }
  report(results, problems, os.loadavg());
}

function report(results: Result[], problems: Problems, loadAfter: number[]): void {
  const find = (database: string, bot: Bot, mode: Mode) =>
    results.find((r) => r.database === database && r.bot === bot && r.mode.conversations === mode.conversations && r.mode.paced === mode.paced);

  console.log(
    '| database | bot | conversations | turns | turns/s | p50 | p99 | p99 turn end | peak RSS | bot CPU per turn | DB statements per turn | longest event-loop block (longest GC) | dialog ÷ echo turns/s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const echo = r.bot === 'dialog' && !r.mode.paced ? find(r.database, 'echo', r.mode) : undefined;
    const ratio = echo ? `**${percent(r.turnsPerSecond / echo.turnsPerSecond)}**` : '';
    console.log(
      `| ${r.database} | ${r.bot === 'echo' ? 'echo (floor)' : 'needs dialog'} | ${label(r.mode)} | ${r.turns} | ${r.turnsPerSecond.toFixed(0)} | ` +
        `${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.turnP99)} | ${Math.round(r.peakRssBytes / 1e6)} MB | ${ms(r.cpuMsPerTurn)} | ${sum(r.statements).toFixed(1)} | ` +
        `${ms(r.loopDelayMaxMs)} (${ms(r.gcMaxMs)}) | ${ratio} |`,
    );
  }
  console.log('');
  const gaps = results.flatMap((r) => r.returnAfterMs);
  console.log(
    `p50 and p99: from the POST to the turn's last reply at the connector. Turn end: to the POST's answer (state saved).\n` +
      `Every reply reached the connector before its POST returned: ${problems.late === 0 ? 'yes' : `NO, ${problems.late} late replies`} ` +
      `(the POST returned a median ${ms(percentile(gaps, 0.5))} after the last reply, p99 ${ms(percentile(gaps, 0.99))}).\n` +
      `Bot CPU per turn: the bot process only, background pool checks included (on PostgreSQL the server's own work is elsewhere).\n` +
      `Longest event-loop block: the longest any timer of the bot process was held up (nothing else runs meanwhile), and its longest GC pause.\n` +
      `Back to back, latency is mostly queueing: conversations ÷ turns/s (Little's law).`,
  );
  console.log(`Load average (1, 5, 15 min) at the end: ${loadAfter.map((l) => l.toFixed(2)).join(', ')}, on ${os.cpus().length} CPUs.`);
  if (LIST_QUERIES) {
    for (const r of results.filter((r) => r.mode.conversations === 1)) {
      console.log(`\nStatements per turn, ${r.database}, ${r.bot}, one conversation (${sum(r.statements).toFixed(1)}):`);
      for (const [sql, n] of Object.entries(r.statements).sort((a, b) => b[1] - a[1])) console.log(`  ${n.toFixed(2).padStart(6)}  ${sql}`);
    }
  }
  if (problems.mismatches > 0) {
    console.log(`\nWRONG ANSWERS: ${problems.mismatches} turns did not get the reply their script expects, e.g.:`);
    for (const example of problems.examples) console.log(`  ${example}`);
    process.exitCode = 1;
  }

  console.log('');
  for (const database of [...new Set(results.map((r) => r.database))]) {
    const target = database === 'PostgreSQL' ? 'Target' : 'Target (set for PostgreSQL, shown for comparison)';
    const ratios = MODES.filter((m) => !m.paced).flatMap((m) => {
      const [dialog, echo] = [find(database, 'dialog', m), find(database, 'echo', m)];
      return dialog && echo ? [{ m, ratio: dialog.turnsPerSecond / echo.turnsPerSecond }] : [];
    });
    if (ratios.length) {
      console.log(
        `${target} on ${database}, needs dialog ≥ 50 % of the echo's turns/s: ${ratios.map(({ m, ratio }) => `${percent(ratio)} at ${m.conversations}`).join(', ')} — ` +
          `${ratios.every(({ ratio }) => ratio >= 0.5) ? 'met' : 'MISSED'}.`,
      );
    }
    const paced = find(database, 'dialog', { conversations: 100, paced: true });
    const backToBack = find(database, 'dialog', { conversations: 100, paced: false });
    if (paced && backToBack) {
      console.log(
        `${target} on ${database}, needs dialog p99 < 100 ms with 100 conversations: paced ${ms(paced.p99)} — ${paced.p99 < 100 ? 'met' : 'MISSED'}; ` +
          `back to back ${ms(backToBack.p99)} — ${backToBack.p99 < 100 ? 'met' : 'MISSED'}.`,
      );
    }
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;
  } finally {
    await client.end();
  }
}

function label(mode: Mode): string {
  return mode.paced ? `${mode.conversations}, paced` : `${mode.conversations}`;
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const percent = (x: number) => `${Math.round(x * 100)} %`;

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
