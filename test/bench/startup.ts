// npm run bench:startup — how long the bot takes from process start to its first answered message, on
// a database that already exists (created, migrated and given the starter catalogue by a first start,
// timed on its own). Each start is the real entry point in a new process, as an operator runs it:
//   npm start:       node --import tsx index.ts (TypeScript compiled as it loads; tsx caches it);
//   npm run start:prod: node dist/index.js, when `npm run build` has made dist/index.js (skipped otherwise).
// node is spawned directly: npm's own start-up (about 0.3 s) is not counted.
// The clock starts just before the spawn; "ready" is the line « BlablaForm est prêt », after which the
// first message is posted at once; "first answer" is when its last reply has reached a local Bot
// Framework connector. Peak RSS is the process's high-water mark (VmHWM) once it has answered.
// On the embedded PGlite (a file: folder in a temp directory) and on PostgreSQL (a database of its own
// on BENCH_DATABASE_URL or TEST_DATABASE_URL, dropped at the end; skipped when neither is set).
//   BENCH_STARTS (default 5): timed starts per database and command.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalConnector } from '../../bots/localConnector';
import { Conversation } from '../support/conversation';
import { createPostgresDatabase } from '../support/databases';
import { freePort, RUN_TS } from '../support/process';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const ROOT = path.join(__dirname, '..', '..');

interface Command {
  name: string;
  args: string[];
}
const NPM_START: Command = { name: 'npm start (tsx)', args: [...RUN_TS, 'index.ts'] };
const START_PROD: Command = { name: 'npm run start:prod (dist)', args: ['--disable-warning=DEP0111', 'dist/index.js'] };

interface Start {
  readyMs: number;
  answerMs: number;
  peakRssBytes: number | undefined;
}

/** Starts the bot, sends one message as soon as it is ready, and stops it. */
async function start(command: Command, databaseUrl: string, connector: LocalConnector): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, command.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let output = '';
  const ready = await new Promise<boolean>((resolve) => {
    child.stderr!.on('data', (d: Buffer) => {
      output += d;
      if (output.includes('BlablaForm est prêt')) resolve(true);
    });
    child.once('close', () => resolve(false));
  });
  const readyMs = performance.now() - started;
  if (!ready) throw new Error(`${command.name} did not start:\n${output}`);
  try {
    const replies = await new Conversation(`http://127.0.0.1:${port}`, connector).say('bonjour');
    const answerMs = performance.now() - started;
    if (!replies.some((r) => /assistant automatique/.test(r.text))) throw new Error(`unexpected first answer: ${JSON.stringify(replies)}`);
    return { readyMs, answerMs, peakRssBytes: highWaterMark(child.pid) };
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) console.log(`(${command.name} exited with code ${code} on SIGTERM)`);
  }
}

/** The process's peak resident memory so far (Linux), in bytes. */
function highWaterMark(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The built entry point, if it is there and not older than the sources' entry point. */
function builtCommand(): Command | string {
  const built = path.join(ROOT, 'dist', 'index.js');
  if (!existsSync(built)) return 'no dist/index.js (npm run build)';
  if (statSync(built).mtimeMs < statSync(path.join(ROOT, 'index.ts')).mtimeMs) return 'dist/index.js is older than index.ts (npm run build)';
  return START_PROD;
}

interface Row {
  database: string;
  command: string;
  starts: Start[];
}

async function main(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const cpus = os.cpus();
  console.log(`Start-up benchmark — ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${os.type()} ${os.release()}, Node ${process.version}`);
  console.log(`${STARTS} starts per database and command, on an existing database. Load average (1, 5, 15 min) at the start: ${loadAverage()}.`);
  const built = builtCommand();
  const commands = typeof built === 'string' ? [NPM_START] : [NPM_START, built];
  if (typeof built === 'string') console.log(`npm run start:prod skipped: ${built}.`);
  if (!baseUrl) console.log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure it too.');
  console.log('');

  const connector = new LocalConnector();
  await connector.start();
  const rows: Row[] = [];
  const firstStarts: { database: string; start: Start }[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'blablaform-bench-'));
  const databases = [
    { name: 'PGlite', create: async () => ({ url: `file:${path.join(dir, 'db')}`, drop: async () => {} }) },
    ...(baseUrl ? [{ name: 'PostgreSQL', create: () => createPostgresDatabase(baseUrl) }] : []),
  ];
  try {
    for (const database of databases) {
      const db = await database.create();
      try {
        // The first start creates the schema and loads the starter catalogue: timed, but apart.
        firstStarts.push({ database: database.name, start: await start(NPM_START, db.url, connector) });
        for (const command of commands) {
          const starts: Start[] = [];
          for (let i = 0; i < STARTS; i++) {
            starts.push(await start(command, db.url, connector));
            process.stderr.write(`  ${database.name}, ${command.name}: ${seconds(starts.at(-1)!.answerMs)}\n`);
          }
          rows.push({ database: database.name, command: command.name, starts });
        }
      } finally {
        await db.drop();
      }
    }
  } finally {
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('| database | command | starts | ready, median | first answer, median | first answer, max | first turn, median | peak RSS, median |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { database, command, starts } of rows) {
    const answers = starts.map((s) => s.answerMs);
    const rss = starts.flatMap((s) => (s.peakRssBytes === undefined ? [] : [s.peakRssBytes]));
    console.log(
      `| ${database} | ${command} | ${starts.length} | ${seconds(median(starts.map((s) => s.readyMs)))} | **${seconds(median(answers))}** | ${seconds(Math.max(...answers))} | ` +
        `${Math.round(median(starts.map((s) => s.answerMs - s.readyMs)))} ms | ${rss.length ? `${Math.round(median(rss) / 1e6)} MB` : '?'} |`,
    );
  }
  console.log('');
  for (const { database, start } of firstStarts) {
    console.log(`First start on an empty ${database} database (schema, migrations, starter catalogue), npm start: first answer after ${seconds(start.answerMs)}.`);
  }
  console.log(`Load average (1, 5, 15 min) at the end: ${loadAverage()}, on ${cpus.length} CPUs.`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
