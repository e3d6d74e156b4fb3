import { createApp, type App, type AppOptions } from '../../index';
import { LocalConnector } from '../../bots/localConnector';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { Conversation } from './conversation';

export interface RunningBot {
  app: App;
  connector: LocalConnector;
  /** A new conversation with this bot (fresh ids unless given). */
  conversation(ids?: ConstructorParameters<typeof Conversation>[2]): Conversation;
  stop(): Promise<void>;
}

/** The real application on a free port, with a local connector receiving its replies. */
export async function startBot(env: Record<string, string> = {}, options: AppOptions = {}): Promise<RunningBot> {
  const config = loadConfig({ DATABASE_URL: 'memory:', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, { logger: createLogger(config.LOG_LEVEL), ...options });
  const connector = new LocalConnector();
  await connector.start();
  return {
    app,
    connector,
    conversation: (ids) => new Conversation(app.url, connector, ids),
    async stop() {
      await app.close();
      await connector.stop();
    },
  };
}
