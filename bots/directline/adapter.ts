// The bot's side of its own Direct Line: turns run through the shared pipeline like on every channel,
// and what the bot sends is written to the conversation's activities, where the page polls for it.
import { ChannelAdapter, type Logic } from '../channelAdapter';
import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { wasErasedThisTurn } from '../../dialogs/eraseDataDialog';
import type { DirectLineStore } from './store';

/** As Azure's Web Chat channel, so that state keys and transcripts read the same. */
export const DIRECTLINE_CHANNEL_ID = 'webchat';
/** Nobody calls this back: replies go to the database. It only fills the field botbuilder expects. */
export const DIRECTLINE_SERVICE_URL = 'urn:blablaform:directline';
export const BOT_ACCOUNT: ChannelAccount = { id: 'blablaform', name: 'BlablaForm', role: 'bot' };
const RECORD_INCOMING = Symbol('directLineRecordIncoming');


export class DirectLineAdapter extends ChannelAdapter {
  protected readonly channelName = 'Direct Line (web chat)';

  constructor(private readonly store: DirectLineStore) {
    super();
  }

  /**
   * Runs the turn of an activity from the page (already filled in by the endpoint). With `record`, the
   * activity is stored inside the turn, so after the replies of the turn before it, and before the first
   * reply of its own turn: when the bot runs, or when a middleware answers in its place (a message too
   * long, a flood), or at the end of a turn a middleware stopped in silence. Returns its id.
   */
  async receive(activity: Partial<Activity>, logic: Logic, { record }: { record: boolean }): Promise<string | undefined> {
    const conversationId = activity.conversation!.id;
    const context = new TurnContext(this, activity);
    let id: string | undefined;
    // What the middleware made of the activity (its text cleaned) is what the page gets back.
    const recordOnce = async () => {
      if (!record || id) return;
      id = await this.store.append(conversationId, { ...context.activity, timestamp: new Date() });
      context.activity.id = id;
    };
    context.turnState.set(RECORD_INCOMING, recordOnce);
    await this.runMiddleware(context, async (turnContext) => {
      await recordOnce();
      await logic(turnContext);
      // The transcript keeps nothing of such a turn; here the answer must still reach the page first.
      if (id && wasErasedThisTurn(turnContext)) await this.store.eraseConversationAfterThisTurn(conversationId, id);
    });
    await recordOnce();
    return id;
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    await context.turnState.get(RECORD_INCOMING)?.();
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.InvokeResponse || activity.type === ActivityTypes.Trace) {
        responses.push({ id: '' });
      } else {
        const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
        const id = await this.store.append(conversationId, {
          ...activity,
          channelId: DIRECTLINE_CHANNEL_ID,
          serviceUrl: DIRECTLINE_SERVICE_URL,
          from: BOT_ACCOUNT,
          recipient: activity.recipient && { ...activity.recipient, role: 'user' },
          timestamp: new Date(),
        });
        responses.push({ id });
      }
    }
    return responses;
  }

  /** Proactive messages (handoff, notifications): a turn in an existing conversation, through the same pipeline. */
  async continueConversation(reference: Partial<ConversationReference>, logic: Logic): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      { ...reference, channelId: DIRECTLINE_CHANNEL_ID, serviceUrl: DIRECTLINE_SERVICE_URL, bot: BOT_ACCOUNT },
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
