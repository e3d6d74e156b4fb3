// The Telegram channel: updates come by long polling (one process) or by webhook (POST /api/telegram, any
// number of instances), run the same bot through the TelegramAdapter, and the replies go back to the Bot API,
// or wait in the outbox while Telegram cannot take them.
import { timingSafeEqual, createHash } from 'node:crypto';
import restify from 'restify';
import { ActivityTypes, MessageFactory, type BotAdapter, type TurnContext } from 'botbuilder';
import { Api, TelegramApiError, type Update } from 'node-telegram-bot-api';
import type { Logger } from '../../services/logger';
import type { ConversationReferences } from '../../services/conversationReferences';
import { MemoryOutboxStore, type OutboxStore } from '../../services/telegramOutbox';
import { KEEP_KEYBOARD, TelegramAdapter } from './adapter';
import { describe, Outbox } from './outbox';
import { ALLOWED_UPDATES } from './translate';

export const TELEGRAM_WEBHOOK_PATH = '/api/telegram';
const DEFAULT_API_ROOT = 'https://api.telegram.org';

/**
 * What the dialogs cannot read gets a short answer here, and the dialog waiting for an answer stays as it was.
 * Edits are not taken into account: an old message corrected after the conversation moved on would otherwise
 * be read as the answer to the current question.
 */
export const TEXT = {
  unreadable:
    'Je ne sais lire que les messages écrits : je ne peux pas ouvrir les photos, les autocollants, les messages vocaux ni les fichiers. ' +
    'Écrivez-moi votre réponse en quelques mots.',
  edited: 'Je ne tiens pas compte des messages modifiés. Si vous vouliez corriger quelque chose, écrivez-le-moi dans un nouveau message.',
};

export interface TelegramChannelDeps {
  token: string;
  mode: 'polling' | 'webhook';
  /** Required in webhook mode: Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string;
  /** The Bot API's address (tests, or a self-hosted Bot API server). */
  apiRoot?: string;
  /** Webhook mode: when set, the webhook is registered at start as `${publicUrl}/api/telegram`. */
  publicUrl?: string;
  onTurn: (context: TurnContext) => Promise<void>;
  setUpAdapter: (adapter: BotAdapter) => void;
  references: ConversationReferences;
  logger: Logger;
  server: restify.Server;
  /** Seconds a getUpdates call waits for news (30 by default). */
  pollTimeoutSeconds?: number;
  /**
   * Where replies wait while Telegram cannot take them: the database (PrismaOutboxStore), so that they survive
   * a restart and any instance sends them. In memory when not given: lost if the process dies first.
   */
  outbox?: OutboxStore;
}

export interface TelegramChannel {
  readonly adapter: TelegramAdapter;
  /** Polling: removes any webhook, then polls. Webhook: registers it when publicUrl is set. Never fails for Telegram's sake: it logs and retries. */
  start(): Promise<void>;
  /** Stops polling (confirming what was handled), lets the turns under way finish, then sends what is kept for a few seconds. */
  close(): Promise<void>;
}

export function createTelegramChannel(deps: TelegramChannelDeps): TelegramChannel {
  const { token, mode, webhookSecret, logger } = deps;
  if (mode === 'webhook' && !webhookSecret) throw new Error('Telegram webhook mode needs TELEGRAM_WEBHOOK_SECRET');
  const apiRoot = (deps.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
  // Setting up and polling: 30 s a call, not the client's 5 minutes, and the client's own two retries.
  const api = new Api(token, { apiRoot, timeoutMs: 30_000 });
  // What a turn sends: one try of at most 10 s, since a turn waiting on a stuck call holds its conversation.
  // Messages that fail are kept and tried again by the outbox; "typing…" and button answers are not worth it.
  const chatApi = new Api(token, { apiRoot, timeoutMs: 10_000, maxRetries: 0 });
  if (!deps.outbox) logger.info('telegram: replies Telegram cannot take are kept in memory only: lost if the process stops first');
  const outbox = new Outbox(
    chatApi,
    deps.outbox ?? new MemoryOutboxStore(),
    { logger, unreachable: (chatId, reason): Promise<void> => adapter.markUnreachable(chatId, reason) },
  );
  const adapter = new TelegramAdapter(chatApi, {
    bot: { id: token.split(':')[0], name: 'BlablaForm', role: 'bot' },
    serviceUrl: apiRoot,
    references: deps.references,
    logger,
    outbox,
  });
  deps.setUpAdapter(adapter);

  const logic = answerWhatDialogsCannotRead(deps.onTurn);
  const handle = (update: Update) =>
    adapter.process(update, logic).catch((err) => logger.error({ err: describe(err), updateId: update.update_id }, 'telegram: update not handled'));

  if (mode === 'webhook') registerWebhookRoute(deps.server, webhookSecret!, handle, logger);

  const stopping = new AbortController();
  let background: Promise<void> | undefined;

  // `step` is retried in the background while Telegram cannot be reached, then `then` runs; resolves after the first try.
  const prepare = (what: string, step: () => Promise<unknown>, then?: () => Promise<void>) =>
    new Promise<void>((firstTry) => {
      background = (async () => {
        if (await untilDone(what, step, stopping.signal, logger, firstTry)) await then?.();
      })().catch((err) => logger.error({ err: describe(err) }, 'telegram: channel stopped'));
    });

  return {
    adapter,
    async start() {
      outbox.start();
      if (mode === 'polling') {
        // Telegram refuses getUpdates while a webhook is set.
        await prepare('deleteWebhook', () => api.deleteWebhook({ drop_pending_updates: false }), () =>
          poll(api, handle, { timeout: deps.pollTimeoutSeconds ?? 30, signal: stopping.signal, logger }),
        );
      } else if (deps.publicUrl) {
        const url = `${deps.publicUrl.replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}`;
        await prepare('setWebhook', () => api.setWebhook({ url, secret_token: webhookSecret, allowed_updates: ALLOWED_UPDATES }));
      } else {
        logger.info('telegram: webhook mode without PUBLIC_URL; register the webhook yourself (setWebhook with secret_token)');
      }
    },
    async close() {
      stopping.abort();
      await background;
      await adapter.idle();
      await outbox.close();
    },
  };
}

/** Photos, stickers, voice… and edits get a short answer; everything else goes to the bot. */
function answerWhatDialogsCannotRead(onTurn: (context: TurnContext) => Promise<void>) {
  return async (context: TurnContext) => {
    const { type, text, attachments } = context.activity;
    const answer = (message: string) => context.sendActivity({ ...MessageFactory.text(message), channelData: KEEP_KEYBOARD });
    if (type === ActivityTypes.MessageUpdate) await answer(TEXT.edited);
    else if (type === ActivityTypes.Message && !text && attachments?.length) await answer(TEXT.unreadable);
    else await onTurn(context);
  };
}

/** The secret header is checked before anything else: a wrong or missing one gets 401, the body unread. */
function registerWebhookRoute(server: restify.Server, secret: string, handle: (update: Update) => Promise<void>, logger: Logger) {
  const expected = digest(secret);
  server.post(
    TELEGRAM_WEBHOOK_PATH,
    (req: restify.Request, res: restify.Response, next: restify.Next) => {
      const given = req.headers['x-telegram-bot-api-secret-token'];
      if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
        logger.warn({ secret: given === undefined ? 'missing' : 'wrong' }, 'telegram webhook refused');
        res.status(401);
        res.json({ error: 'en-tête X-Telegram-Bot-Api-Secret-Token manquant ou incorrect' });
        return next(false);
      }
      return next();
    },
    ...restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }),
    async (req: restify.Request, res: restify.Response) => {
      const update = req.body as Update | undefined;
      if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number') {
        res.status(400);
        res.json({ error: 'mise à jour Telegram attendue (un objet JSON avec update_id)' });
        return;
      }
      // Answered once the turn is done: Telegram redelivers what gets no 2xx, so nothing is lost if this instance dies mid-turn.
      await handle(update);
      res.status(200);
      res.json({});
    },
  );
}

/** Same length whatever was sent, so that the comparison takes the same time. */
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Long polling. Each batch is handled with its updates running together (one turn at a time per chat, by the
 * pipeline's lock), and confirmed by the next getUpdates once all its turns are done: a crash mid-batch means
 * Telegram sends the batch again rather than losing it.
 */
async function poll(
  api: Api,
  handle: (update: Update) => Promise<void>,
  { timeout, signal, logger }: { timeout: number; signal: AbortSignal; logger: Logger },
): Promise<void> {
  let offset: number | undefined;
  let confirmed: number | undefined;
  let failures = 0;
  while (!signal.aborted) {
    let updates: Update[];
    try {
      updates = await api.getUpdates({ offset, timeout, allowed_updates: ALLOWED_UPDATES }, signal);
      confirmed = offset;
      failures = 0;
    } catch (err) {
      if (signal.aborted) break;
      if (tokenRefused(err)) return logTokenRefused(logger, err);
      failures++;
      const conflict = err instanceof TelegramApiError && err.errorCode === 409;
      logger[conflict ? 'error' : 'warn'](
        { err: describe(err), failures },
        conflict ? 'telegram: getUpdates conflict (another process polls this token? run several instances in webhook mode)' : 'telegram: getUpdates failed',
      );
      await sleep(retryDelayMs(err, failures), signal);
      continue;
    }
    await Promise.all(updates.map(handle));
    if (updates.length) offset = updates[updates.length - 1].update_id + 1;
  }
  // Confirms the last batch, or Telegram would send it again to the next process.
  if (offset !== undefined && offset !== confirmed) {
    await api.getUpdates({ offset, limit: 1, timeout: 0 }).catch((err) => logger.warn({ err: describe(err) }, 'telegram: last updates not confirmed'));
  }
}

/** Runs `step` until it succeeds (true), the token is refused or the channel closes (false). */
async function untilDone(what: string, step: () => Promise<unknown>, signal: AbortSignal, logger: Logger, afterFirstTry: () => void): Promise<boolean> {
  try {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await step();
        return true;
      } catch (err) {
        if (tokenRefused(err)) {
          logTokenRefused(logger, err);
          return false;
        }
        const wait = retryDelayMs(err, attempt);
        logger.warn({ err: describe(err), retryInMs: wait }, `telegram: ${what} failed`);
        afterFirstTry();
        await sleep(wait, signal);
      }
    }
    return false;
  } finally {
    afterFirstTry();
  }
}

/** 401 or 404 on any call: Telegram does not know this token. Retrying cannot help. */
const tokenRefused = (err: unknown) => err instanceof TelegramApiError && (err.errorCode === 401 || err.errorCode === 404);

function logTokenRefused(logger: Logger, err: unknown) {
  logger.error({ err: describe(err) }, 'telegram: TELEGRAM_BOT_TOKEN refused by Telegram; the Telegram channel is off');
}

/** Telegram's retry_after when it gave one, else 1 s doubling up to a minute. */
function retryDelayMs(err: unknown, attempt: number): number {
  const retryAfter = err instanceof TelegramApiError ? err.retryAfter : undefined;
  return retryAfter !== undefined ? retryAfter * 1000 : Math.min(1000 * 2 ** (attempt - 1), 60_000);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
