// The bot's own Direct Line 3.0 endpoint, the subset Web Chat's DirectLineJS uses when polling
// (webSocket: false), so that the chat runs on the Métropole's and the CRIJ's pages without any cloud:
//
//   POST /v3/directline/tokens/generate                 → { conversationId, token, expires_in } (open: anyone may start a chat)
//   POST /v3/directline/tokens/refresh                  → the same, for the token's conversation, with a new expiry
//   POST /v3/directline/conversations                   → 201, starts the token's conversation (a new one without a token):
//                                                          the bot sees the person join and greets them
//   GET  /v3/directline/conversations/{id}              → reconnects (a page reloaded): a fresh token
//   POST /v3/directline/conversations/{id}/activities   → { id } once the bot has answered
//   GET  /v3/directline/conversations/{id}/activities?watermark=N → { activities, watermark }
//
// Every call but the first two needs `Authorization: Bearer <token>` (tokens.ts): 401 without a usable
// token, 403 for a token refused (forged, expired, or for another conversation). The token is the only
// authorisation, so any origin may call (CORS `*`, no cookies): pages of other sites can embed the chat.
// Not implemented: WebSocket streaming (no streamUrl is given; clients must poll), attachments upload.
import type { Activity, BotAdapter, ChannelAccount, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Prisma } from '../../services/database';
import type { Logger } from '../../services/logger';
import { ApiError, readJson } from '../api/http';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../inputLimits';
import { BOT_ACCOUNT, DIRECTLINE_CHANNEL_ID, DIRECTLINE_SERVICE_URL, DirectLineAdapter } from './adapter';
import { DirectLineStore } from './store';
import { DirectLineTokens, type TokenClaims } from './tokens';

export const DIRECTLINE_PATH = '/v3/directline';
const MAX_ACTIVITY_BYTES = 64 * 1024;

export interface DirectLineDeps {
  prisma: Prisma;
  onTurn: (context: TurnContext) => Promise<void>;
  /** Installs the shared turn pipeline (one turn at a time, logs, transcript) and the error handler. */
  setUpAdapter: (adapter: BotAdapter) => void;
  /** DIRECTLINE_SECRET; unset, a random key for this process. */
  secret: string | undefined;
  logger: Logger;
}

export interface DirectLineChannel {
  /** For proactive messages: `adapter.continueConversation(reference, logic)`. */
  readonly adapter: DirectLineAdapter;
  /** The conversations' activities: erasure and retention remove them (`eraseConversations`, `purgeInactiveSince`). */
  readonly store: DirectLineStore;
}

class DirectLineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the page may set on an activity, and what each must be; the rest (ids, channel, addresses, time) is the server's. */
const FIELDS_FROM_PAGE = {
  type: 'string', text: 'string', textFormat: 'string', locale: 'string', localTimestamp: 'string', localTimezone: 'string',
  attachments: 'objects', attachmentLayout: 'string', entities: 'objects', channelData: 'any', value: 'any', valueType: 'string',
  name: 'string', speak: 'string', inputHint: 'string',
} as const;
const EXPECTED = { string: 'une chaîne', objects: 'une liste d’objets' } as const;
const TYPES_FROM_PAGE = new Set(['message', 'event', 'typing']);

export function registerDirectLine(server: Server, { prisma, onTurn, setUpAdapter, secret, logger }: DirectLineDeps): DirectLineChannel {
  if (!secret) {
    logger.warn('DIRECTLINE_SECRET is not set: web chat tokens are signed with a random key of this process; they end with it and other instances refuse them');
  }
  const tokens = new DirectLineTokens(secret ?? DirectLineTokens.randomSecret());
  const store = new DirectLineStore(prisma);
  const adapter = new DirectLineAdapter(store);
  setUpAdapter(adapter);

  const handle = (work: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    allowAnyOrigin(res);
    try {
      await work(req, res);
    } catch (err) {
      const path = req.getPath();
      if (err instanceof DirectLineError || err instanceof ApiError) {
        const { status, code } = err instanceof DirectLineError ? err : { status: err.status, code: 'BadArgument' };
        // The part before the colon only: what follows may quote the body sent (JSON.parse does).
        logger.warn({ method: req.method, path, status, code, problem: err.message.split(' :')[0] }, 'direct line call refused');
        if (status === 401) res.header('WWW-Authenticate', 'Bearer');
        if (err instanceof ApiError) for (const [name, value] of Object.entries(err.headers)) res.header(name, value);
        res.status(status);
        res.json({ error: { code, message: err.message } });
        return;
      }
      logger.error({ err, method: req.method, path }, 'direct line call failed');
      res.status(500);
      res.json({ error: { code: 'ServiceError', message: 'Erreur interne : réessayez plus tard.' } });
    }
  };

  const authorise = (req: Request, conversationId?: string): TokenClaims => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!token) throw new DirectLineError(401, 'TokenMissing', 'Jeton absent : envoyez « Authorization: Bearer <jeton> » (POST /v3/directline/tokens/generate en donne un).');
    const check = tokens.check(token);
    if (!check.ok && check.problem === 'malformed') throw new DirectLineError(401, 'TokenInvalid', 'Jeton illisible : ce n’est pas un jeton de ce serveur.');
    if (!check.ok && check.problem === 'expired') throw new DirectLineError(403, 'TokenExpired', 'Jeton expiré : demandez-en un nouveau.');
    if (!check.ok) throw new DirectLineError(403, 'TokenInvalid', 'Jeton refusé : sa signature ne correspond pas.');
    if (conversationId !== undefined && check.claims.conversationId !== conversationId) {
      throw new DirectLineError(403, 'Forbidden', 'Jeton refusé : il ouvre une autre conversation.');
    }
    return check.claims;
  };

  // The person joins: the bot greets them before they type (blablaBot.ts starts on a conversationUpdate).
  const start = async ({ conversationId, userId }: Omit<TokenClaims, 'expiresAt'>) => {
    if (await store.hasActivities(conversationId)) return;
    const person = personAccount(userId);
    await adapter.receive(
      { type: 'conversationUpdate', membersAdded: [person], ...addressed(conversationId, userId) },
      onTurn,
      { record: false },
    );
  };

  server.opts(`${DIRECTLINE_PATH}/*`, async (_req, res) => {
    allowAnyOrigin(res);
    res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent, x-requested-with');
    res.header('Access-Control-Max-Age', '86400');
    res.send(204);
  });

  server.post(`${DIRECTLINE_PATH}/tokens/generate`, handle(async (_req, res) => {
    res.json(tokens.issue(DirectLineTokens.newConversationId(), DirectLineTokens.newUserId()));
  }));

  server.post(`${DIRECTLINE_PATH}/tokens/refresh`, handle(async (req, res) => {
    const { conversationId, userId } = authorise(req);
    res.json(tokens.issue(conversationId, userId));
  }));

  server.post(`${DIRECTLINE_PATH}/conversations`, handle(async (req, res) => {
    const conversation = req.header('authorization')
      ? authorise(req)
      : { conversationId: DirectLineTokens.newConversationId(), userId: DirectLineTokens.newUserId() };
    await start(conversation);
    res.status(201);
    res.json(tokens.issue(conversation.conversationId, conversation.userId));
  }));

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId`, handle(async (req, res) => {
    const { conversationId, userId } = authorise(req, req.params.conversationId);
    res.json(tokens.issue(conversationId, userId));
  }));

  server.post(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, handle(async (req, res) => {
    const { conversationId, userId } = authorise(req, req.params.conversationId);
    const activity = fromPage(await readJson(req, MAX_ACTIVITY_BYTES), conversationId, userId);
    const id = await adapter.receive(activity, onTurn, { record: true });
    if (!id) throw new Error('the activity could not be stored');
    res.json({ id });
  }));

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, handle(async (req, res) => {
    const { conversationId } = authorise(req, req.params.conversationId);
    const watermark = parseWatermark(new URL(req.url ?? '', 'http://localhost').searchParams.get('watermark'));
    const page = await store.since(conversationId, watermark);
    res.json({ activities: page.activities, watermark: page.watermark ?? '' });
  }));

  return { adapter, store };
}

function personAccount(userId: string): ChannelAccount {
  return { id: userId, name: 'Vous', role: 'user' };
}

function allowAnyOrigin(res: Response): void {
  res.header('Access-Control-Allow-Origin', '*');
}

/** Who and where, always from the server: the page cannot speak in another conversation or as someone else. */
function addressed(conversationId: string, userId: string): Partial<Activity> {
  return {
    channelId: DIRECTLINE_CHANNEL_ID,
    serviceUrl: DIRECTLINE_SERVICE_URL,
    conversation: { id: conversationId } as Activity['conversation'],
    from: personAccount(userId),
    recipient: BOT_ACCOUNT,
    locale: 'fr-FR',
  };
}

/** The activity the page posted, reduced to what the page may say. */
function fromPage(body: unknown, conversationId: string, userId: string): Partial<Activity> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DirectLineError(400, 'BadArgument', 'Activité refusée : le corps doit être un objet JSON.');
  }
  const posted = body as Record<string, unknown>;
  if (typeof posted.type !== 'string' || !TYPES_FROM_PAGE.has(posted.type)) {
    throw new DirectLineError(400, 'BadArgument', 'Activité refusée : type attendu « message », « event » ou « typing ».');
  }
  for (const [field, kind] of Object.entries(FIELDS_FROM_PAGE)) {
    const value = posted[field];
    if (value === undefined || value === null || kind === 'any') continue;
    const fits = kind === 'string' ? typeof value === 'string' : Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    if (!fits) throw new DirectLineError(400, 'BadArgument', `Activité refusée : « ${field} » doit être ${EXPECTED[kind]}.`);
  }
  if (nestedDeeperThan(posted)) throw new DirectLineError(400, 'BadArgument', `Activité refusée : JSON imbriqué sur plus de ${MAX_JSON_DEPTH} niveaux.`);
  const kept = Object.fromEntries(Object.keys(FIELDS_FROM_PAGE).filter((f) => posted[f] !== undefined && posted[f] !== null).map((f) => [f, posted[f]]));
  return { ...addressed(conversationId, userId), ...kept };
}

function parseWatermark(raw: string | null): bigint | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,18}$/.test(raw)) throw new DirectLineError(400, 'BadArgument', 'Watermark invalide : un nombre est attendu.');
  return BigInt(raw);
}
