// Messages the person did not just ask for (an advisor's answer, a notification), on whichever channel
// they wrote from. Each channel registers its adapter; the message then goes through that adapter's own
// pipeline (turn lock, logs, transcript), as a turn of the conversation.
import { ActivityTypes, TurnContext, type BotAdapter, type ChannelAccount, type ConversationAccount, type ConversationReference, type Middleware } from 'botbuilder';
import type { Logger } from '../services/logger';
import type { ConversationReferences } from '../services/conversationReferences';

/** For a channel without a botbuilder adapter: delivers the text, or throws. */
export type ProactiveSender = (reference: Partial<ConversationReference>, text: string) => Promise<void>;

/** Registered under this id, a target serves every channel that has none of its own (the Bot Framework adapter serves Azure's many channels). */
export const EVERY_OTHER_CHANNEL = '*';

/** Turn state key: the advisor who wrote what this turn sends (read by the transcript middleware). */
export const AUTHOR = Symbol('author');

/** The person and the conversation as the channel knows them, before pseudonyms (bots/middleware.ts pseudonymize). */
export interface RealAddress {
  user: ChannelAccount;
  conversation: ConversationAccount;
}

/** Turn state key of the RealAddress. */
export const REAL_ADDRESS = Symbol('real address');

/** Saves the reference of every message received, on any adapter, so the conversation can be reached later (erasure forgets it: services/personalData.ts). */
export function rememberConversations(references: ConversationReferences): Middleware {
  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (activity.type === ActivityTypes.Message) {
        // The reference keeps the real ids (answering needs them), filed under the pseudonyms the rest uses.
        const reference = TurnContext.getConversationReference(activity);
        const real = context.turnState.get<RealAddress | undefined>(REAL_ADDRESS);
        await references.remember(real ? { ...reference, ...real } : reference, { conversationId: activity.conversation.id, userId: activity.from?.id });
      }
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
   * `author`: an advisor's name, kept in the transcript (the bot when absent).
   * Never call it from within a turn of the same conversation: the turn lock would wait for itself.
   */
  async send(channelId: string, conversationId: string, text: string, options: { author?: string } = {}): Promise<boolean> {
    const { logger } = this.options;
    const fields = { channelId, conversationId };
    const target = this.targets.get(channelId) ?? this.targets.get(EVERY_OTHER_CHANNEL);
    if (typeof target === 'function') {
      const stored = await this.reachable(channelId, conversationId, target);
      if (!stored) return false;
      try {
        await target(stored.reference, text);
        return true;
      } catch (err) {
        logger.warn({ ...fields, err }, 'proactive message not delivered');
        return false;
      }
    }
    let delivered = false;
    await this.continue(channelId, conversationId, async (context) => {
      if (options.author) context.turnState.set(AUTHOR, options.author);
      await context.sendActivity(text);
      delivered = true;
    });
    return delivered;
  }

  /**
   * Runs `logic` as a turn of the conversation, through its adapter's pipeline (turn lock, transcript):
   * how the bot speaks first (resumes after an advisor, starts a dialog an advisor chose). False when the
   * conversation cannot be reached or `logic` failed (logged; the person is not told of an error they did not cause).
   */
  async continue(channelId: string, conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<boolean> {
    const { logger } = this.options;
    const fields = { channelId, conversationId };
    const target = this.targets.get(channelId) ?? this.targets.get(EVERY_OTHER_CHANNEL);
    if (typeof target === 'function') {
      logger.warn(fields, 'this channel only takes plain proactive messages');
      return false;
    }
    const stored = await this.reachable(channelId, conversationId, target);
    if (!stored || !target) return false;
    let done = false;
    // The failure is caught inside the turn: the adapter's error handler would apologise to a person who asked nothing.
    await target.continueConversationAsync(this.options.botAppId ?? '', stored.reference, async (context) => {
      try {
        await logic(context);
        done = true;
      } catch (err) {
        logger.warn({ ...fields, err: { type: (err as Error).name, message: (err as Error).message } }, 'proactive message not delivered');
      }
    });
    return done;
  }

  private async reachable(channelId: string, conversationId: string, target: unknown) {
    const stored = await this.references.find(channelId, conversationId);
    if (!target || !stored || stored.unreachable) {
      const reason = !target ? 'no adapter for this channel' : !stored ? 'unknown conversation' : 'unreachable';
      this.options.logger.info({ channelId, conversationId, reason }, 'proactive message not sent');
      return undefined;
    }
    return stored;
  }
}
