// The bot process of the turns benchmark (test/bench/turns.ts starts it with fork): the real
// application from createApp, with either its own dialogs or a root dialog that only echoes, so that
// both run on the same server stack, middleware and state saving. It answers its parent over IPC:
// its address once listening, then its peak RSS, CPU time and database statements over each measured
// configuration.
import { PGlite } from '@electric-sql/pglite';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import pg from 'pg';
import { createApp } from '../../index';
import { loadConfig } from '../../services/config';

/** The floor: one reply per message, nothing else asked of the dialog. */
class EchoDialog extends Dialog {
  constructor() {
    super('echoDialog');
  }

  beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.continueDialog(dc);
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity(`echo: ${dc.context.activity.text ?? ''}`);
    return Dialog.EndOfTurn;
  }
}

// Every statement sent to the database, by its first words: the pg driver's (Prisma's pool and the turn
// locks' on PostgreSQL) and the embedded PGlite's, transactions counted as their BEGIN and COMMIT.
let statements = new Map<string, number>();
function count(query: unknown): void {
  const text = typeof query === 'string' ? query : ((query as { text?: string } | undefined)?.text ?? '?');
  const key = text.slice(0, 200).replace(/\s+/g, ' ').trim().slice(0, 100);
  statements.set(key, (statements.get(key) ?? 0) + 1);
}
type Methods = Record<string, (...args: unknown[]) => unknown>;
function countCalls(target: object, method: string): void {
  const methods = target as Methods;
  const original = methods[method];
  methods[method] = function (this: unknown, ...args: unknown[]) {
    count(args[0]);
    return original.apply(this, args);
  };
}
countCalls(pg.Client.prototype, 'query');
countCalls(PGlite.prototype, 'query');
countCalls(PGlite.prototype, 'exec');
const transaction = (PGlite.prototype as unknown as Methods).transaction;
(PGlite.prototype as unknown as Methods).transaction = function (this: unknown, ...args: unknown[]) {
  const callback = args[0] as (tx: object) => unknown;
  count('BEGIN');
  const result = transaction.call(this, (tx: object) => {
    countCalls(tx, 'query');
    countCalls(tx, 'exec');
    return callback(tx);
  }) as Promise<unknown>;
  return result.finally(() => count('COMMIT'));
};

export type ServerRequest = { cmd: 'reset' } | { cmd: 'report' } | { cmd: 'stop' };
export type ServerMessage =
  | { kind: 'ready'; url: string }
  | { kind: 'reset' }
  | {
      kind: 'report';
      peakRssBytes: number;
      cpuMs: number;
      statements: Record<string, number>;
      /** How late timers ran: the longest the event loop was blocked (a turn waits that long). */
      loopDelayMaxMs: number;
      /** The longest garbage collection pause. */
      gcMaxMs: number;
    };

const send = (message: ServerMessage) => process.send!(message);

async function main(): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    LOG_LEVEL: process.env.LOG_LEVEL,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const app = await createApp(config, process.env.BENCH_BOT === 'echo' ? { rootDialog: new EchoDialog() } : {});

  // RSS is sampled every 20 ms: the peak of each configuration, from its reset to its report.
  let peakRss = process.memoryUsage.rss();
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20).unref();
  let cpuFrom = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let gcPauses: number[] = [];
  new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((e) => e.duration))).observe({ entryTypes: ['gc'] });

  process.on('message', (request: ServerRequest) => {
    void (async () => {
      if (request.cmd === 'reset') {
        peakRss = process.memoryUsage.rss();
        cpuFrom = process.cpuUsage();
        statements = new Map();
        loopDelay.reset();
        gcPauses = [];
        send({ kind: 'reset' });
      } else if (request.cmd === 'report') {
        const cpu = process.cpuUsage(cpuFrom);
        send({
          kind: 'report',
          peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
          cpuMs: (cpu.user + cpu.system) / 1000,
          statements: Object.fromEntries(statements),
          loopDelayMaxMs: loopDelay.max / 1e6,
          gcMaxMs: Math.max(0, ...gcPauses),
        });
      } else {
        await app.close();
        process.exit(0);
      }
    })();
  });
  send({ kind: 'ready', url: app.url });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
