// The bot stays thin: it keeps quiet while a human holds the conversation, otherwise runs the root
// dialog, and saves state once, at the end of the turn.
import { ActivityTypes, MessageFactory, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import { DialogSet, runDialog, type Dialog, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import { wasErasedThisTurn } from '../dialogs/eraseDataDialog';
import type { Handover } from '../dialogs/handover';
import type { RootOptions } from '../dialogs/rootDialog';
import type { GuidedDialog } from '../services/handoff/handoffs';
import type { Invitation } from '../services/demand/poolInvitations';
import { POOL_INVITATION_DIALOG } from '../dialogs/poolInvitationDialog';

export class BlablaBot {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly rootDialog: Dialog,
    private readonly handover?: Handover,
  ) {
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState).add(rootDialog);
  }

  async onTurn(context: TurnContext): Promise<void> {
    if (this.handover && isHandoffStatus(context)) {
      if ((await this.handover.onContactCentreStatus(context)) === 'resume') await this.resume(context);
      return;
    }
    if (!startsOrContinuesDialog(context)) return;
    // French first: the prompts' own words ("oui", "non", numbers) are recognised in French whatever
    // locale the client announces (web chat sends the browser's).
    context.activity.locale = 'fr-FR';
    const handoff = context.activity.type === ActivityTypes.Message ? await this.handover?.current(context) : undefined;
    if (handoff) {
      // A human holds the conversation or is awaited: the message is theirs (the transcript has it).
      const next = await this.handover!.onMessage(context, handoff);
      if (next === 'silent') return;
      if (next === 'resume') return this.resume(context);
    }
    await runDialog(this.rootDialog, context, this.dialogState);
    await this.save(context);
  }

  /** The bot takes the conversation back (from an advisor, or the person chose to carry on with it): the question under way is asked again. */
  async resume(context: TurnContext, text?: string): Promise<void> {
    if (text) await context.sendActivity(text);
    const dc = await this.dialogs.createContext(context);
    if (isAsking(dc)) await dc.repromptDialog();
    else await context.sendActivity(MessageFactory.text(NOTHING_UNDER_WAY));
    await this.save(context);
  }

  /** An advisor hands the conversation to a guided dialog: whatever was under way gives way to it. */
  async startGuided(context: TurnContext, guided: GuidedDialog): Promise<void> {
    context.activity.locale = 'fr-FR';
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.rootDialog.id, { guided } satisfies RootOptions);
    await this.save(context);
  }

  /**
   * A question the bot asks on its own (a pool invitation), on top of whatever was under way, which
   * resumes once it is answered. Not while a human holds the conversation: false then.
   */
  async ask(context: TurnContext, invitation: Invitation): Promise<boolean> {
    const handoff = await this.handover?.current(context);
    if (handoff && this.handover!.keepsBotQuiet(handoff)) return false;
    context.activity.locale = 'fr-FR';
    const dc = await this.dialogs.createContext(context);
    // The root dialog is a container: the question goes on its own stack, above the dialog under way.
    if (dc.child) await dc.child.beginDialog(POOL_INVITATION_DIALOG, invitation);
    else await dc.beginDialog(this.rootDialog.id, { invitation } satisfies RootOptions);
    await this.save(context);
    return true;
  }

  private async save(context: TurnContext): Promise<void> {
    if (wasErasedThisTurn(context)) return;
    await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
  }
}

const NOTHING_UNDER_WAY = 'Dites-moi ce que vous souhaitez faire, ou écrivez « aide » pour savoir ce que je sais faire.';

/** A question is waiting for an answer somewhere down the dialog stack. */
function isAsking(dc: DialogContext): boolean {
  let inner: DialogContext | undefined = dc;
  while (inner?.child) inner = inner.child;
  return inner !== dc && inner?.activeDialog !== undefined;
}

function isHandoffStatus(context: TurnContext): boolean {
  return context.activity.type === ActivityTypes.Event && context.activity.name === 'handoff.status';
}

/** A message, or someone other than the bot joining (the web chat and the Emulator announce the user this way). */
function startsOrContinuesDialog(context: TurnContext): boolean {
  const { type, membersAdded, recipient } = context.activity;
  if (type === ActivityTypes.Message) return true;
  return type === ActivityTypes.ConversationUpdate && (membersAdded ?? []).some((m) => m.id !== recipient?.id);
}
