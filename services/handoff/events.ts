// What changed in the advisors' queue, pushed to every open console (server-sent events). On
// PostgreSQL the change goes through NOTIFY, so a console open on one instance sees what another
// instance did; the embedded database serves one process, where an in-process emitter is enough.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from '../logger';
import { postgresConnection } from '../database';

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
  /** The connection that listens, or is trying to. */
  private client?: pg.Client;
  private attempt: Promise<void>;
  private readonly ready: Promise<void>;
  private retry?: NodeJS.Timeout;
  /** Not listening since a connection was lost or could not be made. */
  private down = false;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
  ) {
    this.pool = new pg.Pool({ ...postgresConnection(connectionString), max: 2 });
    this.pool.on('error', () => {
      // An idle connection dropped by the server: the pool replaces it on next use.
    });
    this.ready = this.attempt = this.listen();
  }

  /** Resolves once the first attempt to listen is over (a console opened after it misses nothing, once listening). */
  started(): Promise<void> {
    return this.ready;
  }

  async publish(change: HandoffChange): Promise<void> {
    try {
      await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
      // Not listening yet after an outage: the notification would not come back to this instance's consoles.
      if (this.down) await this.local.publish(change);
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
    clearTimeout(this.retry);
    // Also ends an attempt still connecting; one to a server that does not answer gives up at its connection timeout.
    await this.client?.end().catch(() => undefined);
    await this.attempt;
    await this.pool.end();
    await this.local.close();
  }

  /**
   * One connection LISTENs. When it is lost (the database went away) or cannot be made, another is
   * tried every RECONNECT_MS, until it works or this closes. What was published meanwhile is not received.
   */
  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(postgresConnection(this.connectionString));
    this.client = client;
    let lost = false;
    const tryAgain = (err: Error) => {
      // A dead connection can report twice (its socket's error, then its end): one retry for it.
      if (lost) return;
      lost = true;
      void client.end().catch(() => undefined);
      if (this.closed) return;
      // Said once per outage, and once when it is over; not at every attempt in between.
      if (!this.down) this.logger.warn({ err: { message: err.message } }, 'handoff notifications lost; listening again as soon as the database answers');
      this.down = true;
      this.retry = setTimeout(() => (this.attempt = this.listen()), RECONNECT_MS).unref();
    };
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        void this.local.publish(JSON.parse(message.payload) as HandoffChange);
      } catch {
        // Not ours: ignored.
      }
    });
    client.on('error', tryAgain);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      tryAgain(err as Error);
      return;
    }
    // Lost meanwhile (retried already), or closed (close() ends this client).
    if (lost || this.closed) return;
    if (this.down) this.logger.info('handoff notifications received again');
    this.down = false;
  }
}
