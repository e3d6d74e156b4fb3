// The bot stays thin: it runs the root dialog and saves state once, at the end of the turn.
import { ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import { runDialog, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { wasErasedThisTurn } from '../dialogs/eraseDataDialog';

export class BlablaBot {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly rootDialog: Dialog,
  ) {
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
  }

  async onTurn(context: TurnContext): Promise<void> {
    if (!startsOrContinuesDialog(context)) return;
    // French first: the prompts' own words ("oui", "non", numbers) are recognised in French whatever
    // locale the client announces (web chat sends the browser's).
    context.activity.locale = 'fr-FR';
    await runDialog(this.rootDialog, context, this.dialogState);
    if (wasErasedThisTurn(context)) return;
    await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
  }
}

/** A message, or someone other than the bot joining (the web chat and the Emulator announce the user this way). */
function startsOrContinuesDialog(context: TurnContext): boolean {
  const { type, membersAdded, recipient } = context.activity;
  if (type === ActivityTypes.Message) return true;
  return type === ActivityTypes.ConversationUpdate && (membersAdded ?? []).some((m) => m.id !== recipient?.id);
}
