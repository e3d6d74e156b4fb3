// What the adapters of our own channels (Telegram, the web chat's Direct Line) share: botbuilder's
// proactive entry point, and no editing of messages already sent.
import { BotAdapter, type ConversationReference, type TurnContext } from 'botbuilder';

export type Logic = (context: TurnContext) => Promise<void>;

export abstract class ChannelAdapter extends BotAdapter {
  /** The channel's name in French-facing errors and logs ("Telegram", "Direct Line (web chat)"). */
  protected abstract readonly channelName: string;

  abstract continueConversation(reference: Partial<ConversationReference>, logic: Logic): Promise<void>;

  /** botbuilder's newer signature (app id or claims, reference, [audience,] logic): our channels have no Bot Framework authentication. */
  async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: Logic | string,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError('continueConversationAsync: logic is required');
    await this.continueConversation(reference, logic);
  }

  async updateActivity(): Promise<void> {
    throw new Error(`${this.channelName}: a sent message cannot be updated`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`${this.channelName}: a sent message cannot be deleted`);
  }
}
