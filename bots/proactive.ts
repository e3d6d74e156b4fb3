// Messages the person did not just ask for (an advisor's answer, a notification), on whichever channel
// they wrote from. Each channel registers its adapter; the message then goes through that adapter's own
// pipeline (turn lock, logs, transcript), as a turn of the conversation.
import { ActivityTypes, TurnContext, type BotAdapter, type ConversationReference, type Middleware } from 'botbuilder';
import type { Logger } from '../services/logger';
import type { ConversationReferences } from '../services/conversationReferences';

/** For a channel without a botbuilder adapter: delivers the text, or throws. */
export type ProactiveSender = (reference: Partial<ConversationReference>, text: string) => Promise<void>;

/** Registered under this id, a target serves every channel that has none of its own (the Bot Framework adapter serves Azure's many channels). */
export const EVERY_OTHER_CHANNEL = '*';

/** Saves the reference of every message received, on any adapter, so the conversation can be reached later (erasure forgets it: services/personalData.ts). */
export function rememberConversations(references: ConversationReferences): Middleware {
  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (activity.type === ActivityTypes.Message) await references.remember(TurnContext.getConversationReference(activity));
      await next();
    },
  };
}

export class Proactive {
  private readonly targets = new Map<string, BotAdapter | ProactiveSender>();

  /** `botAppId`: the Microsoft app id the Bot Framework adapter authenticates with (empty without one). */
  constructor(
    private readonly references: ConversationReferences,
    private readonly options: { botAppId?: string; logger: Logger },
  ) {}

  register(channelId: string, target: BotAdapter | ProactiveSender): void {
    this.targets.set(channelId, target);
  }

  /**
   * Sends `text` to the conversation; true when the channel took it. False, without trying, for a
   * conversation never seen, erased, or whose person cannot be reached (blocked the bot).
   * Never call it from within a turn of the same conversation: the turn lock would wait for itself.
   */
  async send(channelId: string, conversationId: string, text: string): Promise<boolean> {
    const { logger } = this.options;
    const fields = { channelId, conversationId };
    const target = this.targets.get(channelId) ?? this.targets.get(EVERY_OTHER_CHANNEL);
    const stored = await this.references.find(channelId, conversationId);
    if (!target || !stored || stored.unreachable) {
      logger.info({ ...fields, reason: !target ? 'no adapter for this channel' : !stored ? 'unknown conversation' : 'unreachable' }, 'proactive message not sent');
      return false;
    }
    if (typeof target === 'function') {
      try {
        await target(stored.reference, text);
        return true;
      } catch (err) {
        logger.warn({ ...fields, err }, 'proactive message not delivered');
        return false;
      }
    }
    let delivered = false;
    // The failure is caught inside the turn: the adapter's error handler would apologise to a person who asked nothing.
    await target.continueConversationAsync(this.options.botAppId ?? '', stored.reference, async (context) => {
      try {
        await context.sendActivity(text);
        delivered = true;
      } catch (err) {
        logger.warn({ ...fields, err: { type: (err as Error).name, message: (err as Error).message } }, 'proactive message not delivered');
      }
    });
    return delivered;
  }
}
