// Replies Telegram cannot take right now (unreachable, timing out, 5xx, 429) are kept (services/telegramOutbox.ts)
// and sent again later, each chat's in order: a reply is sent at once only when nothing of its chat waits.
// The turn that wrote it carries on as if it had been delivered.
import { isTransientError, ParseError, TelegramApiError, type Api } from 'node-telegram-bot-api';
import type { Logger } from '../../services/logger';
import type { KeptReply, OutboxStore, OutgoingMessage } from '../../services/telegramOutbox';

export interface OutboxTiming {
  /** The wait after Telegram first fails, doubled at each failure in a row, up to `maxRetryMs`. A 429 waits its retry_after instead. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** How often an instance with nothing due looks for replies kept by another one (or by a process that died). */
  pollMs: number;
  /** How long close() keeps delivering before it leaves the rest in the store. */
  closeFlushMs: number;
  /** How long a claim keeps other instances off a reply being sent: longer than any send can take. */
  claimMs: number;
}

const DEFAULT_TIMING: OutboxTiming = { firstRetryMs: 250, maxRetryMs: 60_000, pollMs: 10_000, closeFlushMs: 5_000, claimMs: 120_000 };

/** Chats delivered at the same time after an outage (each chat's own replies go one after the other). */
const CHATS_AT_ONCE = 8;
/** Waiting chats read per pass. */
const CHATS_PER_PASS = 1000;

export type Delivery = { messageId: number } | 'kept';

export interface OutboxDeps {
  logger: Logger;
  /** Telegram answered 403 for this chat (the person blocked the bot): its kept replies are already dropped. */
  unreachable: (chatId: string, reason: string) => Promise<void>;
}

export class Outbox {
  private readonly timing: OutboxTiming;
  /** Failures of Telegram itself in a row (unreachable, timeouts, 5xx); nothing is tried before `pausedUntil`. */
  private failures = 0;
  private pausedUntil = 0;
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private running?: Promise<void>;
  private wakeAfterRun = Infinity;
  private closing = false;
  private readonly stopping = new AbortController();

  constructor(
    private readonly api: Api,
    private readonly store: OutboxStore,
    private readonly deps: OutboxDeps,
    timing: Partial<OutboxTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  /** While Telegram fails, replies are kept without trying, and "typing…" is not sent. */
  get telegramDown(): boolean {
    return this.failures > 0;
  }

  /** Looks for replies kept by an earlier process. */
  start(): void {
    this.wake(Date.now());
  }

  /**
   * Sends the reply at once when nothing of its chat waits and Telegram takes it; otherwise keeps it, to go
   * after the chat's earlier replies. Throws what waiting cannot mend: 403 (blocked), 400 (refused).
   */
  async send(chatId: string, message: OutgoingMessage): Promise<Delivery> {
    if (this.telegramDown || (await this.store.hasPending(chatId))) return this.keep(chatId, message, Date.now());
    try {
      const sent = await this.api.sendMessage({ chat_id: chatId, ...message });
      this.answered();
      return { messageId: sent.message_id };
    } catch (err) {
      if (!isTemporary(err)) throw err;
      return this.keep(chatId, message, Date.now() + this.failed(err));
    }
  }

  /** Delivers what it can for `closeFlushMs`; the rest stays in the store (lost with a memory store: said in the log). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.timer);
    const deadline = Date.now() + this.timing.closeFlushMs;
    const giveUp = setTimeout(() => this.stopping.abort(), this.timing.closeFlushMs);
    try {
      await this.running;
      while (!this.stopping.signal.aborted) {
        const next = await this.deliverDue();
        if (next >= deadline || (await this.store.count()) === 0) break;
        await sleep(next - Date.now(), this.stopping.signal);
      }
      const left = await this.store.count();
      if (left && this.store.durable) this.deps.logger.info({ left }, 'telegram: replies still kept at closing; sent once Telegram answers, by the next start or another instance');
      else if (left) this.deps.logger.warn({ left }, 'telegram: replies not delivered before closing, lost (kept in memory only)');
    } catch (err) {
      this.deps.logger.error({ err: describe(err) }, 'telegram: kept replies not flushed at closing');
    } finally {
      clearTimeout(giveUp);
      this.stopping.abort();
    }
  }

  private async keep(chatId: string, message: OutgoingMessage, notBefore: number): Promise<Delivery> {
    await this.store.add(chatId, message, new Date(notBefore));
    this.deps.logger.debug({ conversationId: chatId }, 'telegram: reply kept, to be sent after');
    this.wake(notBefore);
    return 'kept';
  }

  /** Counts a failure; returns how long to wait before trying again. */
  private failed(err: unknown): number {
    const retryAfter = err instanceof TelegramApiError ? err.retryAfter : undefined;
    if (retryAfter !== undefined) {
      // Telegram answers, but this chat (or the bot) sends too fast: only that chat waits.
      this.answered();
      const wait = retryAfter * 1000;
      this.deps.logger.warn({ err: describe(err), retryInMs: wait }, 'telegram: too many messages (429); the chat’s replies wait');
      return wait;
    }
    const now = Date.now();
    // Sends under way when Telegram went down fail together: one failure.
    if (now < this.pausedUntil) return this.pausedUntil - now;
    this.failures++;
    const wait = Math.min(this.timing.firstRetryMs * 2 ** (this.failures - 1), this.timing.maxRetryMs);
    this.pausedUntil = now + wait;
    this.deps.logger.warn({ err: describe(err), failures: this.failures, retryInMs: wait }, 'telegram: Telegram unavailable; replies kept and tried again');
    return wait;
  }

  private answered(): void {
    if (!this.failures) return;
    this.deps.logger.info({ failures: this.failures }, 'telegram: Telegram answers again; sending the replies kept');
    this.failures = 0;
    this.pausedUntil = 0;
    this.wake(Date.now());
  }

  private wake(at: number): void {
    if (this.closing) return;
    if (this.running) {
      this.wakeAfterRun = Math.min(this.wakeAfterRun, at);
      return;
    }
    if (this.timer && at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.run(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private run(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    this.running = this.deliverDue()
      .catch((err) => {
        this.deps.logger.error({ err: describe(err) }, 'telegram: kept replies not read; tried again later');
        return Date.now() + this.timing.pollMs;
      })
      .then((next) => {
        this.running = undefined;
        const at = Math.min(next, this.wakeAfterRun);
        this.wakeAfterRun = Infinity;
        this.wake(at);
      });
  }

  /** Sends every chat's due replies; returns when to look again. */
  private async deliverDue(): Promise<number> {
    for (;;) {
      const now = Date.now();
      if (now < this.pausedUntil) return this.pausedUntil;
      const oldest = await this.store.oldest(CHATS_PER_PASS);
      const due = oldest.filter((r) => r.notBefore.getTime() <= now && !(r.claimedUntil && r.claimedUntil.getTime() > now));
      if (!due.length || this.stopping.signal.aborted) {
        const later = oldest.map((r) => Math.max(r.notBefore.getTime(), r.claimedUntil?.getTime() ?? 0)).filter((t) => t > now);
        return Math.min(now + this.timing.pollMs, ...later);
      }
      await inParallel(due, CHATS_AT_ONCE, (reply) => this.deliverChat(reply));
    }
  }

  /** The chat's replies one after the other, until none is left, one fails, or another instance holds the next. */
  private async deliverChat(first: KeptReply): Promise<void> {
    let reply: KeptReply | undefined = first;
    while (reply && !this.stopping.signal.aborted && Date.now() >= this.pausedUntil) {
      const now = new Date();
      if (!(await this.store.claim(reply.id, now, new Date(now.getTime() + this.timing.claimMs)))) return;
      if (!(await this.attempt(reply))) return;
      reply = await this.store.oldestOf(reply.chatId);
    }
  }

  /** True when the chat's next reply may follow. */
  private async attempt({ id, chatId, message }: KeptReply): Promise<boolean> {
    try {
      await this.api.sendMessage({ chat_id: chatId, ...message }, this.stopping.signal);
    } catch (err) {
      if (this.stopping.signal.aborted) {
        await this.store.postpone(id, new Date(), false);
        return false;
      }
      if (isTemporary(err)) {
        await this.store.postpone(id, new Date(Date.now() + this.failed(err)), true);
        return false;
      }
      // Telegram answered: it is up, but refuses this message.
      this.answered();
      if (err instanceof TelegramApiError && err.errorCode === 403) {
        await this.store.dropChat(chatId);
        await this.deps.unreachable(chatId, err.description);
        return false;
      }
      // A 400 (or another refusal) will not change by waiting: this reply is dropped, the next ones still go.
      this.deps.logger.warn({ err: describe(err) }, 'telegram: a kept reply was refused; dropped');
      await this.store.remove(id);
      return true;
    }
    await this.store.remove(id);
    this.answered();
    return true;
  }
}

/** Telegram down, unreachable or slow, a 5xx, a 429, or an answer that is not Telegram's (a proxy's error page). */
const isTemporary = (err: unknown) => isTransientError(err) || err instanceof ParseError;

/** An error as a log field: its kind and message, never the request (it holds the token in its URL). */
export function describe(err: unknown): { type: string; message: string } {
  return err instanceof Error ? { type: err.name, message: err.message } : { type: typeof err, message: String(err) };
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}
