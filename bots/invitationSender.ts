// Pool invitations reach a company in its own conversation, as a question the bot asks there
// (a proactive turn through the channel's pipeline: turn lock, transcript).
import type { BlablaBot } from './blablaBot';
import type { Proactive } from './proactive';
import type { Invitation, InvitationSender } from '../services/demand/poolInvitations';

export class ProactiveInvitationSender implements InvitationSender {
  constructor(
    private readonly proactive: Proactive,
    private readonly bot: BlablaBot,
  ) {}

  async invite(conversation: { channelId: string; conversationId: string }, invitation: Invitation): Promise<boolean> {
    let asked = false;
    const reached = await this.proactive.continue(conversation.channelId, conversation.conversationId, async (context) => {
      asked = await this.bot.ask(context, invitation);
    });
    return reached && asked;
  }
}
