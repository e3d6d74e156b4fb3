// One conversation, one turn at a time, in arrival order.
// botbuilder loads state at the start of a turn and saves it at the end: two turns of one conversation
// running together would each save their own copy and one answer would be lost. Turns are therefore
// queued per conversation: in memory within a process, and with a PostgreSQL advisory lock across
// processes (its waiters are served in the order they asked; a crashed holder releases it with its connection).
import pg from 'pg';
import { postgresConnection } from './database';

export interface TurnLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class InProcessTurnLock implements TurnLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Conversations with a turn running or waiting. */
  get busy(): number {
    return this.tails.size;
  }

  async close(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}

/** Namespace of our advisory locks (the first of the two int4 keys), so they never meet another application's. */
const TURN_LOCK_NAMESPACE = 4_242_002;

export class PostgresTurnLock implements TurnLock {
  private readonly local = new InProcessTurnLock();
  private readonly pool: pg.Pool;

  /**
   * The lock connections come from their own pool, apart from Prisma's: a turn holding a lock must
   * always be able to get a connection for its queries. `lock_timeout` bounds the wait on a stuck holder.
   */
  constructor(connectionString: string, options: { maxConnections?: number; lockTimeoutMs?: number } = {}) {
    this.pool = new pg.Pool({
      ...postgresConnection(connectionString),
      max: options.maxConnections ?? 20,
      options: `-c lock_timeout=${options.lockTimeoutMs ?? 30_000}`,
    });
    this.pool.on('error', () => {
      // An idle lock connection dropped by the server: the pool replaces it on next use.
    });
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const client = await this.pool.connect();
      let healthy = true;
      try {
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [TURN_LOCK_NAMESPACE, key]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TURN_LOCK_NAMESPACE, key]).catch(() => {
            healthy = false;
          });
        }
      } catch (err) {
        healthy = healthy && !(err instanceof Error && /terminat|connection/i.test(err.message));
        throw err;
      } finally {
        // A connection whose unlock failed may still hold the lock: destroy it so the server releases it.
        client.release(healthy ? undefined : true);
      }
    });
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.pool.end();
  }
}
