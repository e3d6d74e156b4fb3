// The bot's side of Telegram: an update runs as a turn through the shared pipeline (turn lock, logs,
// transcript, error handler), and what the bot sends becomes Bot API calls, or waits in the outbox
// (./outbox.ts) while Telegram cannot take it.
import { ChannelAdapter, type Logic } from '../channelAdapter';
import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { TelegramApiError, type Api, type Update } from 'node-telegram-bot-api';
import type { Logger } from '../../services/logger';
import type { ConversationReferences } from '../../services/conversationReferences';
import { keyboardFor, MAX_MESSAGE_LENGTH, splitText } from './format';
import { describe, type Outbox } from './outbox';
import { activityFromUpdate, TELEGRAM_CHANNEL_ID } from './translate';

/** Set in an activity's channelData, its message leaves the keyboard shown (the channel's own short answers, while a question is pending). */
export const KEEP_KEYBOARD = { keepKeyboard: true };

/** Telegram shows "typing…" for 5 seconds, or until the bot's next message. */
const TYPING_REFRESH_MS = 4_000;

const UNREACHABLE = Symbol('telegramRecipientUnreachable');
const TYPING = Symbol('telegramTyping');

/** Telegram refused delivery for good (403: the person blocked the bot, or deleted their account). */
export class RecipientUnreachableError extends Error {
  constructor(readonly conversationId: string) {
    super(`Telegram: conversation ${conversationId} cannot be reached (403)`);
    this.name = 'RecipientUnreachableError';
  }
}

export interface TelegramAdapterDeps {
  /** The bot's account: its id is the number before the colon of the token. */
  bot: ChannelAccount;
  /** Put in activities and references as botbuilder expects; replies go through `api`, never to it. */
  serviceUrl: string;
  references: ConversationReferences;
  logger: Logger;
  /** Messages go through it: sent at once, or kept while Telegram cannot take them. */
  outbox: Outbox;
}

export class TelegramAdapter extends ChannelAdapter {
  protected readonly channelName = 'Telegram';

  private readonly inFlight = new Set<Promise<void>>();

  /** `api`: "typing…" and button answers, best-effort, so one try each. */
  constructor(
    private readonly api: Api,
    private readonly deps: TelegramAdapterDeps,
  ) {
    super();
  }

  /**
   * Runs the turn of one update. Call it for the updates of a batch in their order, without awaiting in between:
   * everything up to the pipeline's turn lock runs synchronously, so the turns of one chat keep their order.
   */
  process(update: Update, logic: Logic): Promise<void> {
    const incoming = activityFromUpdate(update, this.deps.bot, this.deps.serviceUrl);
    // The button's spinner stops once the press is answered: at once, whatever the turn does next.
    const answered = incoming?.callbackQueryId
      ? this.api.answerCallbackQuery({ callback_query_id: incoming.callbackQueryId }).then(
          () => undefined,
          (err) => this.deps.logger.warn({ err: describe(err) }, 'telegram: callback query not answered'),
        )
      : Promise.resolve();
    if (!incoming?.activity) return answered;
    const context = new TurnContext(this, incoming.activity);
    const typing = new Typing(() => this.sendTyping(context));
    context.turnState.set(TYPING, typing);
    const turn = this.runMiddleware(context, async (turnContext) => {
      try {
        await logic(turnContext);
      } catch (err) {
        // Already marked unreachable and logged: nothing to tell a person who cannot be reached.
        if (turnContext.turnState.get(UNREACHABLE)) return;
        throw err;
      }
    }).finally(() => typing.stop());
    return this.track(Promise.all([turn, answered]).then(() => undefined));
  }

  /** Resolves once the turns under way have finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Message) {
        responses.push(await this.sendMessage(context, activity));
      } else if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.Typing) {
        await this.sendTyping(context);
        responses.push({ id: '' });
      } else {
        // Traces, events, end of conversation: nothing to show on Telegram.
        responses.push({ id: '' });
      }
    }
    return responses;
  }

  /** Proactive messages (handoff, notifications): a turn in an existing conversation, through the same pipeline. */
  async continueConversation(reference: Partial<ConversationReference>, logic: Logic): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.track(this.runMiddleware(new TurnContext(this, activity), logic));
  }

  private async sendMessage(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse> {
    const chatId = activity.conversation?.id ?? context.activity.conversation.id;
    const typing = context.turnState.get(TYPING) as Typing | undefined;
    // "typing…" first, then the words.
    await typing?.sent;
    if (context.turnState.get(UNREACHABLE)) throw new RecipientUnreachableError(chatId);
    const texts = splitText(activity.text ?? '', MAX_MESSAGE_LENGTH);
    if (texts.length === 0) return { id: '' };
    const keepKeyboard = (activity.channelData as typeof KEEP_KEYBOARD | undefined)?.keepKeyboard === true;
    // A message without buttons takes down the previous question's keyboard, which would otherwise stay up after free typing.
    const markup = keyboardFor(activity.suggestedActions?.actions) ?? (keepKeyboard ? undefined : { remove_keyboard: true as const });
    let id = '';
    for (const [i, text] of texts.entries()) {
      const sent = await this.call(context, chatId, () =>
        this.deps.outbox.send(chatId, {
          text,
          // Offers carry links: their previews would bury the answer.
          link_preview_options: { is_disabled: true },
          reply_markup: i === texts.length - 1 ? markup : undefined,
        }),
      );
      // Kept for later, it has no id yet; the turn goes on as if it had been delivered.
      id = sent === 'kept' ? '' : String(sent.messageId);
      typing?.rearm();
    }
    return { id };
  }

  private async sendTyping(context: TurnContext): Promise<void> {
    const chatId = context.activity.conversation.id;
    // Never kept nor retried: a late "typing…" would only mislead.
    if (context.turnState.get(UNREACHABLE) || this.deps.outbox.telegramDown) return;
    try {
      await this.call(context, chatId, () => this.api.sendChatAction({ chat_id: chatId, action: 'typing' }));
    } catch (err) {
      // Only a courtesy: a failed indicator must never fail the turn.
      if (!(err instanceof RecipientUnreachableError)) this.deps.logger.debug({ conversationId: chatId, err: describe(err) }, 'telegram: typing indicator not sent');
    }
  }

  /**
   * One Bot API call for a chat. A 403 means the person blocked the bot: the conversation is marked unreachable
   * and the turn stops sending. (Messages Telegram cannot take for now are kept by the outbox, not thrown.)
   */
  private async call<T>(context: TurnContext, chatId: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      if (!(err instanceof TelegramApiError) || err.errorCode !== 403) throw err;
      if (!context.turnState.get(UNREACHABLE)) {
        context.turnState.set(UNREACHABLE, true);
        await this.markUnreachable(chatId, err.description);
      }
      throw new RecipientUnreachableError(chatId);
    }
  }

  /** Proactive messages skip the person from now on, until they write again. */
  async markUnreachable(chatId: string, reason: string): Promise<void> {
    this.deps.logger.info({ channelId: TELEGRAM_CHANNEL_ID, conversationId: chatId, reason }, 'telegram: person unreachable, marked so');
    await this.deps.references.markUnreachable(TELEGRAM_CHANNEL_ID, chatId);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    const done = () => void this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }
}

/** "typing…" at the start of a turn, and again whenever 4 seconds pass without a message. */
class Typing {
  readonly sent: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly send: () => Promise<void>) {
    this.sent = send();
    this.rearm();
  }

  rearm(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.send();
      this.rearm();
    }, TYPING_REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
