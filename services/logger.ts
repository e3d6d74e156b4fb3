import pino, { type Logger } from 'pino';

export type { Logger };

// A Telegram bot token inside a Bot API address (https://api.telegram.org/bot123:AA…/sendMessage), as
// the Telegram client's errors quote it.
const TELEGRAM_TOKEN = /\d{5,}:[\w-]{30,}/g;
const MASK = '[masqué]';

/**
 * Structured JSON logs on stdout. Message contents are only ever logged at debug level. Whatever is
 * logged, the secrets given (the settings' tokens and keys) and anything shaped like a Telegram token
 * are masked in the line written: an error from a library may quote them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, secrets: readonly string[] = []): Logger {
  const known = secrets.filter((s) => s.length >= 8).map((s) => JSON.stringify(s).slice(1, -1));
  const mask = (line: string) => known.reduce((masked, secret) => masked.split(secret).join(MASK), line).replace(TELEGRAM_TOKEN, MASK);
  return pino({ level, base: { app: 'blablaform' }, hooks: { streamWrite: mask } }, destination);
}
