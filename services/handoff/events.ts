// What changed in the advisors' queue, pushed to every open console (server-sent events). On
// PostgreSQL the change goes through NOTIFY, so a console open on one instance sees what another
// instance did; the embedded database serves one process, where an in-process emitter is enough.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from '../logger';

export type HandoffChangeKind = 'queued' | 'message' | 'taken' | 'released' | 'dialog' | 'result' | 'note' | 'closed' | 'updated';

export interface HandoffChange {
  handoffId: string;
  kind: HandoffChangeKind;
}

export interface HandoffEvents {
  publish(change: HandoffChange): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (change: HandoffChange) => void): () => void;
  close(): Promise<void>;
}

export class InProcessHandoffEvents implements HandoffEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(change: HandoffChange): Promise<void> {
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: HandoffChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = 'blablaform_handoff';
const RECONNECT_MS = 2_000;

export class PostgresHandoffEvents implements HandoffEvents {
  private readonly local = new InProcessHandoffEvents();
  private readonly pool: pg.Pool;
  private listener?: pg.Client;
  private closed = false;
  private ready: Promise<void>;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
  ) {
    this.pool = new pg.Pool({ connectionString, max: 2 });
    this.pool.on('error', () => {
      // An idle connection dropped by the server: the pool replaces it on next use.
    });
    this.ready = this.listen();
  }

  /** Resolves once this instance listens (a console opened before would miss nothing after that). */
  started(): Promise<void> {
    return this.ready;
  }

  async publish(change: HandoffChange): Promise<void> {
    try {
      await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
    } catch (err) {
      // Consoles of other instances will catch up at their next refresh; this one is told directly.
      this.logger.warn({ err: { message: (err as Error).message } }, 'handoff change not broadcast');
      await this.local.publish(change);
    }
  }

  subscribe(listener: (change: HandoffChange) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
    await this.local.close();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        void this.local.publish(JSON.parse(message.payload) as HandoffChange);
      } catch {
        // Not ours: ignored.
      }
    });
    client.on('error', (err) => {
      this.logger.warn({ err: { message: err.message } }, 'handoff notifications lost; listening again');
      void client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void (this.ready = this.listen().catch(() => undefined)), RECONNECT_MS).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'handoff notifications unavailable; trying again');
      await client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void (this.ready = this.listen().catch(() => undefined)), RECONNECT_MS).unref();
    }
  }
}
