import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout. Message contents are only ever logged at debug level. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'blablaform' } }, destination);
}
