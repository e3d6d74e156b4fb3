// The environment is read here, once, at start-up; everything else receives a Config.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { OpeningHours } from './handoff/hours';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v) || /^file:.+/.test(v) || v === 'memory:', {
    message: 'attendu postgresql://user@host:port/base, file:CHEMIN (base embarquée) ou memory: (base jetable)',
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATABASE_URL: databaseUrl.default('file:./data/db'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().trim().default(''),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(183),
  // Someone under 15 is forgotten when their conversation ends: after this many minutes without a message.
  MINOR_CONVERSATION_END_MINUTES: z.coerce.number().positive().max(1440).default(30),
  // The key of the people's pseudonyms (services/pseudonyms.ts). Unset: one made on first start and kept in
  // the database. Once people have written, changing it makes them strangers to the bot.
  PSEUDONYM_KEY: z.string().trim().min(32, 'au moins 32 caractères (par exemple : openssl rand -hex 32)').optional(),
  // A person writing faster than this many messages in 10 seconds is asked to slow down (per instance).
  RATE_LIMIT_PER_10S: z.coerce.number().int().min(1).max(10000).default(20),
  // Unset: the HTTP API (/api/needs…) refuses every call; the bot itself works without it.
  API_TOKEN: z.string().trim().min(16, 'au moins 16 caractères (par exemple : openssl rand -hex 32)').optional(),
  // The public address of this server (https://…), for what others must call back: the Telegram webhook.
  PUBLIC_URL: z.url({ message: 'adresse attendue, par exemple https://bot.example.org' }).optional(),
  // Telegram: unset, the channel is off.
  TELEGRAM_BOT_TOKEN: z.string().trim().regex(/^\d+:[\w-]{20,}$/, 'jeton de @BotFather attendu (123456789:AA…)').optional(),
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
  TELEGRAM_WEBHOOK_SECRET: z.string().trim().regex(/^[\w-]{16,256}$/, '16 à 256 caractères parmi A-Z, a-z, 0-9, _ et -').optional(),
  TELEGRAM_API_ROOT: z.url({ message: 'adresse attendue, par exemple http://127.0.0.1:8081' }).optional(),
  // Signs the web chat's Direct Line tokens. Unset: a random key per process (tokens then die with it, and
  // several instances cannot share conversations): set it for production.
  DIRECTLINE_SECRET: z.string().trim().min(32, 'au moins 32 caractères (par exemple : openssl rand -hex 32)').optional(),
  // When CRIJ advisors answer, Europe/Paris time: ISO weekdays (1 = Monday) and hours, spans separated by « ; ».
  ADVISOR_HOURS: z
    .string()
    .trim()
    .default('1-5 09:00-18:00')
    .superRefine((value, ctx) => {
      try {
        OpeningHours.parse(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^ADVISOR_HOURS : /, '') });
      }
    }),
  // Demand: an open-data cell is masked when fewer companies contribute to it (France Travail's BMO does the same).
  OPEN_DATA_MIN_COMPANIES: z.coerce.number().int().min(1).max(100).default(3),
  // Pooling: needs for the same fiche whose communes are this close (km) and whose deadlines overlap form a
  // pool; a pool with this many people is viable (a session is worth organising).
  POOL_RADIUS_KM: z.coerce.number().min(0).max(200).default(15),
  POOL_MIN_HEADCOUNT: z.coerce.number().int().min(2).max(1000).default(8),
  // The gap with the offer: how far (km) an offer's place may be from a need's commune to serve it.
  GAP_RADIUS_KM: z.coerce.number().min(0).max(200).default(15),
  // Channels (ids, comma-separated, e.g. msteams) whose handoffs go to a contact centre plugged into Azure
  // through the Bot Framework handoff events, instead of our console.
  CONTACT_CENTRE_CHANNELS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean)),
});

export type Config = z.infer<typeof schema>;

/** Never echoed back in error messages (they end up in logs). */
const SECRETS = new Set(['MicrosoftAppPassword', 'API_TOKEN', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'DIRECTLINE_SECRET', 'PSEUDONYM_KEY']);

export class ConfigError extends Error {}

/** The secret values set, for the logger to mask wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [...SECRETS].map((name) => config[name as keyof Config]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Empty strings count as unset, so that `FOO=` in a .env file means "use the default". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const received = SECRETS.has(name) ? 'valeur masquée' : `reçu : ${JSON.stringify(present[name])}`;
      return `  ${i.path.join('.')}: ${i.message} (${received})`;
    });
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('Configuration invalide :\n  MicrosoftAppPassword: requis quand MicrosoftAppId est défini (sauf MicrosoftAppType=UserAssignedMSI)');
  }
  if (config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppId && !config.MicrosoftAppTenantId) {
    throw new ConfigError('Configuration invalide :\n  MicrosoftAppTenantId: requis quand MicrosoftAppType=SingleTenant');
  }
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_MODE === 'webhook' && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('Configuration invalide :\n  TELEGRAM_WEBHOOK_SECRET: requis quand TELEGRAM_MODE=webhook');
  }
  return config;
}

/** For the programs' entry points: reads ./.env if there is one, then the environment; a bad value ends the process (exit 2). */
export function loadConfigOrExit(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}
