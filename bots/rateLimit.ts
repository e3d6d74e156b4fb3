// A person sending messages faster than anyone types (a script, a stuck key, a flood) is asked to slow
// down, once, and the bot does not run on those messages: the people they share the bot with keep their
// answers. It runs after the transcript middleware, so what they wrote is still kept for the advisors.
// Counted per instance, in memory: with several instances, each one allows the limit.
import { ActivityTypes, type Middleware } from 'botbuilder';
import type { Logger } from '../services/logger';

export const SLOW_DOWN_TEXT =
  'Vous m’écrivez plus vite que je ne peux lire : je mets de côté vos derniers messages. ' +
  'Attendez quelques secondes, puis renvoyez ce qui compte pour vous.';

interface Window {
  startedAt: number;
  count: number;
  warned: boolean;
}

export interface RateLimitOptions {
  /** Messages allowed per person and window. */
  perWindow: number;
  windowMs?: number;
  now?: () => number;
}

export function limitRate(logger: Logger, options: RateLimitOptions): Middleware {
  const windowMs = options.windowMs ?? 10_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();

  const windowOf = (person: string, at: number): Window => {
    let window = windows.get(person);
    if (!window || at - window.startedAt >= windowMs) {
      if (windows.size > 10_000) for (const [key, w] of windows) if (at - w.startedAt >= windowMs) windows.delete(key);
      window = { startedAt: at, count: 0, warned: false };
      windows.set(person, window);
    }
    return window;
  };

  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (activity.type !== ActivityTypes.Message) return next();
      const window = windowOf(`${activity.channelId}/${activity.from?.id}`, now());
      window.count += 1;
      if (window.count <= options.perWindow) return next();

      if (window.warned) return;
      window.warned = true;
      logger.warn({ conversationId: activity.conversation.id, channelId: activity.channelId, limit: options.perWindow, windowMs }, 'rate limited');
      await context.sendActivity(SLOW_DOWN_TEXT);
    },
  };
}
