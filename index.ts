// The composition root: the only place that reads the environment and builds the parts.
// Everything else receives what it needs through its constructor.
import {
  type BotAdapter,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
} from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { loadConfigOrExit, secretsOf, type Config } from './services/config';
import { createLogger, type Logger } from './services/logger';
import { DatabaseError, openDatabase, type Database } from './services/database';
import { PrismaStorage } from './services/prismaStorage';
import { TranscriptStore } from './services/transcript';
import { PersonalData } from './services/personalData';
import { InProcessTurnLock, PostgresTurnLock, type TurnLock } from './services/turnLock';
import { BlablaBot } from './bots/blablaBot';
import { createHttpServer } from './bots/httpServer';
import { logTurns, oneTurnAtATime, pseudonymize, recordTranscript } from './bots/middleware';
import { limitRate } from './bots/rateLimit';
import { cleanInput, refuseLongMessages } from './bots/inputLimits';
import { Pseudonyms } from './services/pseudonyms';
import { onTurnError } from './bots/turnErrors';
import { fitChannelLimits } from './bots/channelLimits';
import { RootDialog } from './dialogs/rootDialog';
import { WelcomeDialog } from './dialogs/welcomeDialog';
import { EraseDataDialog } from './dialogs/eraseDataDialog';
import { NeedsDialog } from './dialogs/needsDialog';
import { NeedsStore } from './services/needs';
import { NeedsAnalyzer, type NeedsUnderstanding } from './services/understanding/needsAnalyzer';
import { OccupationIndex } from './services/understanding/occupations';
import { PlaceIndex } from './services/understanding/places';
import { registerNeedsApi } from './bots/api/needsApi';
import { registerOffersApi } from './bots/api/offersApi';
import { registerDirectLine } from './bots/directline/endpoint';
import { DIRECTLINE_CHANNEL_ID } from './bots/directline/adapter';
import { registerWebChat } from './bots/webchat/webChat';
import { OrientationDialog, type SavedResults } from './dialogs/orientationDialog';
import { CatalogueStore } from './services/offers/catalogue';
import { CatalogueSearch } from './services/offers/search';
import { importLheo } from './services/offers/importLheo';
import { loadStarterCatalogue } from './services/offers/starterCatalogue';
import { parisToday } from './services/understanding/deadline';
import type { Profile } from './dialogs/profile';
import { ConversationReferences } from './services/conversationReferences';
import { EVERY_OTHER_CHANNEL, Proactive, rememberConversations } from './bots/proactive';
import { createTelegramChannel } from './bots/telegram/channel';
import { TELEGRAM_CHANNEL_ID } from './bots/telegram/translate';
import { PrismaOutboxStore } from './services/telegramOutbox';
import { Handoffs } from './services/handoff/handoffs';
import { InProcessHandoffEvents, PostgresHandoffEvents, type HandoffEvents } from './services/handoff/events';
import { OpeningHours } from './services/handoff/hours';
import { Advisors } from './services/handoff/advisors';
import { Handover } from './dialogs/handover';
import { AdvisorDesk } from './bots/handoff/desk';
import { ProactivePersonSide } from './bots/handoff/personSide';
import { registerConsoleAuth } from './bots/console/auth';
import { registerConsole } from './bots/console/consoleApi';
import { rebuildIfMissing } from './services/demand/rollup';
import { DemandLabels, DemandStatsService } from './services/demand/stats';
import { OfferGapService } from './services/demand/gap';
import { PoolingService } from './services/demand/pools';
import { PoolInvitations } from './services/demand/poolInvitations';
import { PoolInvitationDialog } from './dialogs/poolInvitationDialog';
import { DataAccess } from './dialogs/dataAccess';
import { ProactiveInvitationSender } from './bots/invitationSender';
import { registerStatsApi } from './bots/api/statsApi';
import { registerGapApi } from './bots/api/gapApi';
import { registerDashboard } from './bots/dashboard/dashboard';

export interface App {
  /** Base URL, e.g. http://127.0.0.1:3978 */
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly transcript: TranscriptStore;
  readonly needs: NeedsStore;
  readonly catalogue: CatalogueStore;
  /** Sends a message to a conversation on any channel. */
  readonly proactive: Proactive;
  /** The pseudonym each person is stored under. */
  readonly pseudonyms: Pseudonyms;
  /** Waits for the work a turn leaves running after it (pool invitations). */
  settled(): Promise<void>;
  /** The advisors' queue, their accounts, and what they do from the console. */
  readonly handoffs: Handoffs;
  readonly advisors: Advisors;
  readonly desk: AdvisorDesk;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** Replaces the root dialog: only the infrastructure tests use it, to count turns. */
  rootDialog?: Dialog;
  /** The clock the understanding resolves dates against (tests fix "today"). */
  now?: () => Date;
}

// The French models and lookups take seconds to build: once per process, shared by every app it starts.
// The ROME and commune indexes also give the demand's labels.
interface Understanding {
  analyzer: NeedsUnderstanding;
  labels: DemandLabels;
}
let sharedUnderstanding: (Understanding & { now: (() => Date) | undefined }) | undefined;
function understandingFor(now: (() => Date) | undefined, logger: Logger): Understanding {
  if (!sharedUnderstanding || sharedUnderstanding.now !== now) {
    const started = performance.now();
    const indexes = { occupations: OccupationIndex.load(), places: PlaceIndex.load() };
    sharedUnderstanding = { now, analyzer: NeedsAnalyzer.create(now, indexes), labels: new DemandLabels(indexes) };
    logger.info({ durationMs: Math.round(performance.now() - started) }, 'understanding ready');
  }
  return sharedUnderstanding;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL, undefined, secretsOf(config));
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const applied = await database.migrate();
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  } catch (err) {
    await database.close();
    throw err;
  }

  const pseudonyms = await Pseudonyms.load(database.prisma, config.PSEUDONYM_KEY);
  const storage = new PrismaStorage(database.prisma);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const transcript = new TranscriptStore(database.prisma);
  const needs = new NeedsStore(database.prisma);
  const references = new ConversationReferences(database.prisma);
  // Consoles on every instance see each change: through NOTIFY on PostgreSQL, in process on the embedded database.
  const events: HandoffEvents =
    database.target.kind === 'postgres' ? new PostgresHandoffEvents(database.target.connectionString, logger) : new InProcessHandoffEvents();
  const handoffs = new Handoffs(database.prisma, events);
  const advisors = new Advisors(database.prisma);
  const personalData = new PersonalData(database.prisma, storage, transcript, needs, references, handoffs);
  const { analyzer: understanding, labels } = understandingFor(options.now, logger);
  const catalogue = new CatalogueStore(database.prisma);
  const search = new CatalogueSearch(database.prisma, { now: options.now });
  // Needs recorded before the demand rollup existed are counted once (services/demand/rollup.ts).
  if (await database.exclusively(() => rebuildIfMissing(database.prisma))) logger.info('demand rollup rebuilt from the needs');
  const starter = await database.exclusively(() => loadStarterCatalogue(catalogue, parisToday(options.now?.()), { unlessRealOffers: true }));
  if (starter && (starter.created || starter.updated)) logger.info({ created: starter.created, updated: starter.updated }, 'starter catalogue loaded');
  const lock: TurnLock =
    database.target.kind === 'postgres' ? new PostgresTurnLock(database.target.connectionString) : new InProcessTurnLock();

  // The demand: counts (from the rollup), the gap with the offer, the pools of companies, and the
  // invitations a pooled company gets on its own channel.
  const demandStats = new DemandStatsService(database.prisma, labels, { openDataMinCompanies: config.OPEN_DATA_MIN_COMPANIES, now: options.now });
  const gap = new OfferGapService(database.prisma, { radiusKm: config.GAP_RADIUS_KM, labels: (kind, key) => labels.label(kind, key), now: options.now });
  const pooling = new PoolingService(database.prisma, {
    radiusKm: config.POOL_RADIUS_KM,
    minHeadcount: config.POOL_MIN_HEADCOUNT,
    labels: (_kind, key) => labels.ficheName(key),
    now: options.now,
  });
  const invitations = new PoolInvitations(database.prisma, pooling, logger);
  needs.onChange((ids) => invitations.needsChanged(ids));

  const retentionMonths = Math.max(1, Math.round(config.RETENTION_DAYS / 30.4));
  const profile = userState.createProperty<Profile>('profile');
  const handover = new Handover(handoffs, transcript, profile, {
    hours: OpeningHours.parse(config.ADVISOR_HOURS),
    contactCentreChannels: config.CONTACT_CENTRE_CHANNELS,
    now: options.now,
  });
  const rootDialog =
    options.rootDialog ??
    new RootDialog(
      new WelcomeDialog(profile, conversationState.createProperty<boolean>('greeted')),
      new NeedsDialog(understanding, needs),
      new OrientationDialog(understanding, search, conversationState.createProperty<SavedResults>('orientationResults'), personalData, (dc) =>
        handover.request(dc, 'ASKED'),
      ),
      new EraseDataDialog(personalData),
      new PoolInvitationDialog(invitations),
      handover,
      new DataAccess(personalData, retentionMonths),
      retentionMonths,
    );
  const bot = new BlablaBot(conversationState, userState, rootDialog, handover);

  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId || undefined,
      MicrosoftAppPassword: config.MicrosoftAppPassword || undefined,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId || undefined,
    }),
  );
  // Every channel's adapter runs turns through the same pipeline: the person's pseudonym, one turn at a
  // time per conversation, one log line, the channel's limits (Messenger), text cleaned of what breaks
  // storage, the transcript, a polite stop to floods and to over-long messages, where the person can be
  // reached again (proactive messages), the one error handler.
  const setUpAdapter = (channelAdapter: BotAdapter) => {
    channelAdapter.use(
      pseudonymize(pseudonyms),
      oneTurnAtATime(lock),
      logTurns(logger),
      fitChannelLimits(),
      cleanInput(),
      recordTranscript(transcript),
      limitRate(logger, { perWindow: config.RATE_LIMIT_PER_10S }),
      refuseLongMessages(),
      rememberConversations(references),
    );
    channelAdapter.onTurnError = onTurnError(logger);
  };
  setUpAdapter(adapter);
  const proactive = new Proactive(references, { botAppId: config.MicrosoftAppId, logger });
  proactive.register(EVERY_OTHER_CHANNEL, adapter);

  const http = createHttpServer({ adapter, onTurn: (context) => bot.onTurn(context), healthy: () => database.ping(), logger });
  registerNeedsApi(http.server, { understanding, needs, apiToken: config.API_TOKEN, logger });
  registerStatsApi(http.server, { stats: demandStats, apiToken: config.API_TOKEN, logger });
  registerGapApi(http.server, { gap, pooling, needs, apiToken: config.API_TOKEN, logger, now: options.now });
  registerOffersApi(http.server, { search, apiToken: config.API_TOKEN, logger, importLheo: (body) => importLheo(catalogue, body) });
  // Telegram when TELEGRAM_BOT_TOKEN is set (its webhook route exists before listen; polling starts after).
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        mode: config.TELEGRAM_MODE,
        webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
        apiRoot: config.TELEGRAM_API_ROOT,
        publicUrl: config.PUBLIC_URL,
        onTurn: (context) => bot.onTurn(context),
        setUpAdapter,
        references,
        logger,
        server: http.server,
        outbox: new PrismaOutboxStore(database.prisma),
      })
    : undefined;
  if (telegram) proactive.register(TELEGRAM_CHANNEL_ID, telegram.adapter);
  // The web chat: the page at / (Microsoft's Web Chat, served here) on the bot's own Direct Line under /v3/directline.
  const directLine = registerDirectLine(http.server, {
    prisma: database.prisma,
    onTurn: (context) => bot.onTurn(context),
    setUpAdapter,
    secret: config.DIRECTLINE_SECRET,
    logger,
  });
  proactive.register(DIRECTLINE_CHANNEL_ID, directLine.adapter);
  registerWebChat(http.server);
  // The advisors' console at /console: their sessions, the queue, and the conversations they hold.
  const desk = new AdvisorDesk(handoffs, transcript, new ProactivePersonSide(proactive, bot));
  const { requireAdvisor } = registerConsoleAuth(http.server, { advisors, logger });
  const consolePages = registerConsole(http.server, { desk, events, requireAdvisor, logger });
  // The demand dashboard at /dashboard, for analysts (the same sign-in as the console).
  registerDashboard(http.server, { stats: demandStats, gap, pooling, requireAdvisor, logger, now: options.now });
  invitations.deliverWith(new ProactiveInvitationSender(proactive, bot));

  const { port } = await http.listen(config.PORT, config.HOST);
  await telegram?.start();

  const purge = async () => {
    try {
      const before = new Date(Date.now() - config.RETENTION_DAYS * DAY_MS);
      const removed = {
        people: await personalData.purgeInactivePeople(before),
        ...(await personalData.purgeInactiveSince(before)),
        references: await references.purgeInactiveSince(before),
        webChatActivities: await directLine.store.purgeInactiveSince(before),
        handoffs: await handoffs.purgeClosedSince(before),
        advisorSessions: await advisors.purgeExpiredSessions(),
      };
      if (Object.values(removed).some((n) => n > 0)) logger.info(removed, 'retention purge');
    } catch (err) {
      logger.warn({ err }, 'retention purge failed; next try in a day');
    }
  };
  const purgeTimer = setInterval(purge, DAY_MS).unref();
  const firstPurge = purge();
  // Under-15s are forgotten when their conversation ends, so this one runs often.
  const minorEndMs = config.MINOR_CONVERSATION_END_MINUTES * 60_000;
  const purgeMinors = async () => {
    try {
      const minors = await personalData.purgeEndedMinorConversations(new Date(Date.now() - minorEndMs));
      if (minors > 0) logger.info({ minors }, 'ended conversations of under-15s erased');
    } catch (err) {
      logger.warn({ err }, 'erasing the ended conversations of under-15s failed; next try soon');
    }
  };
  let minorsPurging: Promise<void> = Promise.resolve();
  const minorTimer = setInterval(() => (minorsPurging = purgeMinors()), Math.min(5 * 60_000, minorEndMs / 2)).unref();

  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    database,
    transcript,
    needs,
    catalogue,
    proactive,
    pseudonyms,
    handoffs,
    advisors,
    desk,
    settled: () => invitations.settle(),
    close() {
      closing ??= (async () => {
        clearInterval(purgeTimer);
        clearInterval(minorTimer);
        await telegram?.close(); // stops polling, lets its turns finish
        consolePages.close(); // ends the consoles' live streams, which would keep the server open
        await http.close();
        await invitations.settle();
        await events.close();
        await lock.close();
        await firstPurge;
        await minorsPurging;
        await database.close();
      })();
      return closing;
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, undefined, secretsOf(config));
  let app: App;
  try {
    app = await createApp(config, { logger });
  } catch (err) {
    const reason = err instanceof DatabaseError ? err.message : (err as Error).stack;
    logger.fatal({ err }, 'start-up failed');
    console.error(`BlablaForm n'a pas pu démarrer : ${reason}`);
    process.exit(1);
  }
  const where = app.database.target.kind === 'postgres' ? 'PostgreSQL' : `base embarquée ${app.database.target.dir ?? '(mémoire)'}`;
  const url = config.HOST === '0.0.0.0' || config.HOST === '::' ? `http://localhost:${app.port}` : app.url;
  console.error(
    [
      '',
      `BlablaForm est prêt sur ${url} (${where}).`,
      `  Discuter dans le navigateur : ${url}/`,
      '  Discuter dans ce terminal :  npm run chat   (dans un autre terminal)',
      `  Bot Framework Emulator :     ${url}/api/messages   (sans App ID ni mot de passe)`,
      `  État :                       ${url}/healthz`,
      '  Arrêter : Ctrl+C',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) void main();
