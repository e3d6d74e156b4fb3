// What every turn goes through before the bot, whatever the channel: pseudonyms, ordering, logging, transcript.
import { ActivityTypes, type Activity, type ChannelAccount, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../services/logger';
import { Pseudonyms } from '../services/pseudonyms';
import type { TranscriptLine, TranscriptStore } from '../services/transcript';
import type { TurnLock } from '../services/turnLock';
import { wasErasedThisTurn } from '../dialogs/eraseDataDialog';
import { AUTHOR, REAL_ADDRESS, type RealAddress } from './proactive';

const conversationKey = (a: Partial<Activity>) => `${a.channelId}/${a.conversation?.id}`;

/**
 * First thing in every turn: the person's id becomes their pseudonym (services/pseudonyms.ts), and so
 * does a conversation id that begins with it (a Telegram private chat is the person's id; a Messenger
 * conversation's id starts with it). Everything after this (state, transcript, needs, handoffs) stores
 * pseudonyms only. The real ids go back on what is sent, and stay in the turn state for the
 * conversation reference, the one place that keeps them.
 */
export function pseudonymize(pseudonyms: Pseudonyms): Middleware {
  return {
    async onTurn(context, next) {
      const { activity } = context;
      const real = activity.from?.id;
      if (!real || !activity.channelId || Pseudonyms.isPseudonym(real)) return next();
      const pseudonym = pseudonyms.of(activity.channelId, real);
      const address: RealAddress = { user: activity.from, conversation: activity.conversation };
      context.turnState.set(REAL_ADDRESS, address);
      const conversationId = activity.conversation?.id;
      // Only a conversation that is, or begins with, the person's id: a group's id stays the group's.
      const storedConversationId = conversationId?.startsWith(real) ? pseudonym + conversationId.slice(real.length) : conversationId;
      activity.from = { ...activity.from, id: pseudonym };
      if (conversationId !== storedConversationId) activity.conversation = { ...activity.conversation, id: storedConversationId! };
      if (Array.isArray(activity.membersAdded)) activity.membersAdded = activity.membersAdded.map((m): ChannelAccount => (m?.id === real ? { ...m, id: pseudonym } : m));
      context.onSendActivities(async (_ctx, activities, sendNext) => {
        for (const sent of activities) {
          if (sent.recipient?.id === pseudonym) sent.recipient = { ...sent.recipient, id: real };
          if (sent.conversation && sent.conversation.id === storedConversationId) sent.conversation = { ...sent.conversation, id: conversationId! };
        }
        return sendNext();
      });
      await next();
    },
  };
}

/** Turns of one conversation run one after the other, in arrival order (see services/turnLock.ts). */
export function oneTurnAtATime(lock: TurnLock): Middleware {
  return { onTurn: (context, next) => lock.run(conversationKey(context.activity), next) };
}

/** One log line per turn; message contents only at debug level. */
export function logTurns(logger: Logger): Middleware {
  return {
    async onTurn(context, next) {
      const started = performance.now();
      const { channelId, type, conversation, text } = context.activity;
      const fields = { conversationId: conversation?.id, channelId, activityType: type };
      logger.debug({ ...fields, text }, 'message reçu');
      let outcome = 'ok';
      try {
        await next();
      } catch (err) {
        outcome = 'error';
        throw err;
      } finally {
        logger.info({ ...fields, outcome, durationMs: Math.round(performance.now() - started) }, 'turn');
      }
    },
  };
}

/** Records every message received (before the bot runs, so it is kept even if the reply fails) and every message sent. */
export function recordTranscript(transcript: TranscriptStore): Middleware {
  return {
    async onTurn(context: TurnContext, next) {
      const { activity } = context;
      const person = { channelId: activity.channelId, conversationId: activity.conversation.id, userId: activity.from?.id ?? '' };
      if (activity.type === ActivityTypes.Message) {
        await transcript.record([{ ...person, direction: 'IN', text: describe(activity) }]);
      }
      context.onSendActivities(async (ctx, activities, sendNext) => {
        const sent = await sendNext();
        if (!wasErasedThisTurn(ctx)) {
          const lines: TranscriptLine[] = activities
            .filter((a) => a.type === ActivityTypes.Message)
            .map((a) => ({ ...person, direction: 'OUT', text: describe(a), author: ctx.turnState.get(AUTHOR) ?? null }));
          await transcript.record(lines);
        }
        return sent;
      });
      await next();
    },
  };
}

/** The text of a message, or what it carries when it has none (a photo, a file). */
function describe(activity: Partial<Activity>): string {
  if (activity.text) return activity.text;
  const kinds = (activity.attachments ?? []).map((a) => a.contentType).join(', ');
  return kinds ? `[pièce jointe : ${kinds}]` : '';
}
