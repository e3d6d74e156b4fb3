// The person's side of a handoff, reached proactively on their own channel: an advisor's words, the bot
// resuming, a guided dialog starting. Each runs as a turn of the conversation through its channel's
// pipeline (turn lock, transcript), so nothing crosses a turn of the person's own.
import type { BlablaBot } from '../blablaBot';
import type { Proactive } from '../proactive';
import type { PersonSide } from './desk';
import type { ConversationKey, GuidedDialog } from '../../services/handoff/handoffs';
import { TEXT } from '../../dialogs/handover';

export class ProactivePersonSide implements PersonSide {
  constructor(
    private readonly proactive: Proactive,
    private readonly bot: BlablaBot,
  ) {}

  tell(key: ConversationKey, text: string, author?: string): Promise<boolean> {
    // On Telegram or Messenger the advisor's words come from the bot's account: their name says who speaks.
    return this.proactive.send(key.channelId, key.conversationId, author ? `${author} : ${text}` : text, { author });
  }

  async resume(key: ConversationKey): Promise<void> {
    await this.proactive.continue(key.channelId, key.conversationId, (context) => this.bot.resume(context, TEXT.handedBack));
  }

  async startDialog(key: ConversationKey, dialog: GuidedDialog): Promise<void> {
    await this.proactive.continue(key.channelId, key.conversationId, (context) => this.bot.startGuided(context, dialog));
  }
}
