// A Telegram Bot API server for tests, on 127.0.0.1: it records every call (POST /bot<token>/<method>),
// serves queued updates to getUpdates with long-poll semantics (offset confirms, timeout waits), and can be
// told to fail: 429 with retry_after, 500, 400, or 403 for a person who blocked the bot; for the next calls,
// or for every call until it recovers; or be stopped and started again on the same port (connections refused).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'node-telegram-bot-api';

export interface ApiCall {
  method: string;
  /** As sent (form fields; JSON fields such as reply_markup parsed). */
  params: Record<string, unknown>;
  /** The HTTP status the fake answered. */
  status: number;
  at: number;
}

/** 429 carries retry_after; any other code is answered with that HTTP status and Telegram's usual envelope. */
export type Failure = { code: 429; retryAfter: number } | { code: 400 | 403 | 409 | 401 | 500 | 502; description?: string };

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: message is too long',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/** An update as a test writes it: the fake numbers it. */
export type NewUpdate = Update extends infer U ? (U extends unknown ? Omit<U, 'update_id'> : never) : never;


export class FakeTelegram {
  readonly token = '123456789:TEST-token-of-the-fake-bot-api';
  readonly calls: ApiCall[] = [];
  url = '';
  private port = 0;
  private server?: Server;
  private readonly queue: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 5000;
  /** The highest offset a getUpdates has sent: every update below it is confirmed. */
  private offset = 0;
  private readonly offsetWatchers: { above: number; resolve: () => void }[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly outages = new Map<string, Failure>();
  private readonly blocked = new Set<string>();

  /** Started again after stop(), it listens on the same port: the bot finds it where it was. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this.url;
  }

  /** Until start() again, connections to it are refused. */
  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    for (const wake of this.pollers) wake();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Queues an update for getUpdates; returns its update_id. */
  push(update: NewUpdate): number {
    const update_id = this.nextUpdateId++;
    this.queue.push({ update_id, ...update } as Update);
    for (const wake of this.pollers) wake();
    return update_id;
  }

  /** A new update id, for updates sent some other way (a webhook). */
  newUpdateId(): number {
    return this.nextUpdateId++;
  }

  /** Resolves when the poller has confirmed the update (a getUpdates with a greater offset): its turn is over. */
  confirmed(updateId: number): Promise<void> {
    if (this.offset > updateId) return Promise.resolve();
    return new Promise((resolve) => this.offsetWatchers.push({ above: updateId, resolve }));
  }

  /** The next `times` calls of `method` fail this way. */
  failNext(method: string, failure: Failure, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array(times).fill(failure)]);
  }

  /** Every call of these methods fails this way until recover(). Updates still come by default: the person can write. */
  outage(failure: Failure, methods = ['sendMessage', 'sendChatAction', 'answerCallbackQuery']): void {
    for (const method of methods) this.outages.set(method, failure);
  }

  recover(): void {
    this.outages.clear();
  }

  /** From now on, every call about this chat gets 403 "bot was blocked by the user". */
  block(chatId: number | string): void {
    this.blocked.add(String(chatId));
  }

  /** The calls about one chat (chat_id), in order. */
  callsFor(chatId: number | string, from = 0): ApiCall[] {
    return this.calls.slice(from).filter((c) => String(c.params.chat_id) === String(chatId));
  }

  /** The messages delivered to one chat, in order. */
  messagesTo(chatId: number | string, from = 0): ApiCall[] {
    return this.callsFor(chatId, from).filter((c) => c.method === 'sendMessage' && c.status === 200);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    // restify patches http.ServerResponse in this process (writeHead no longer returns `res`): keep calls separate.
    const reply = (status: number, body: object) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (!match || match[1] !== this.token) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2];
    const params = parseBody(await readBody(req), req.headers['content-type'] ?? '');
    const record = (status: number) => this.calls.push({ method, params, status, at: Date.now() });

    const failure = this.blocked.has(String(params.chat_id)) ? ({ code: 403 } as Failure) : (this.outages.get(method) ?? this.failures.get(method)?.shift());
    if (failure) {
      record(failure.code);
      if (failure.code === 429) {
        return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failure.retryAfter}`, parameters: { retry_after: failure.retryAfter } });
      }
      return reply(failure.code, { ok: false, error_code: failure.code, description: failure.description ?? DESCRIPTIONS[failure.code] });
    }
    record(200);
    if (method === 'getUpdates') return this.getUpdates(params, res, (result) => reply(200, { ok: true, result }));
    if (method === 'sendMessage') {
      const chatId = Number(params.chat_id);
      return reply(200, {
        ok: true,
        result: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: params.text },
      });
    }
    // sendChatAction, answerCallbackQuery, setWebhook, deleteWebhook…
    return reply(200, { ok: true, result: true });
  }

  private getUpdates(params: Record<string, unknown>, res: ServerResponse, answer: (updates: Update[]) => void): void {
    const offset = params.offset === undefined ? undefined : Number(params.offset);
    const limit = params.limit === undefined ? 100 : Number(params.limit);
    const timeoutMs = Number(params.timeout ?? 0) * 1000;
    if (offset !== undefined) {
      // Telegram forgets every update below the offset: they are confirmed.
      while (this.queue.length && this.queue[0].update_id < offset) this.queue.shift();
      if (offset > this.offset) {
        this.offset = offset;
        for (const watcher of this.offsetWatchers.filter((w) => w.above < offset)) {
          this.offsetWatchers.splice(this.offsetWatchers.indexOf(watcher), 1);
          watcher.resolve();
        }
      }
    }
    const ready = () => this.queue.slice(0, limit);
    if (this.queue.length || timeoutMs === 0) return answer(ready());
    // Long poll: answer as soon as an update is queued, or with nothing when the timeout ends.
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.pollers.delete(finish);
      if (!res.destroyed && !res.writableEnded) answer(ready());
    };
    const timer = setTimeout(finish, timeoutMs);
    this.pollers.add(finish);
    // The poller gave up (it is closing): nobody to answer.
    res.once('close', finish);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** node-telegram-bot-api sends form fields, structured ones (reply_markup…) as JSON text. */
function parseBody(body: string, contentType: string): Record<string, unknown> {
  if (!body) return {};
  if (contentType.includes('application/json')) return JSON.parse(body);
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    params[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return params;
}
