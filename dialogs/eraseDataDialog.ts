// "supprimer mes données": after a confirmation, erase everything stored about the person.
import { ComponentDialog, ConfirmPrompt, Dialog, ListStyle, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { PersonalData } from '../services/personalData';

export const ERASE_DATA_DIALOG = 'eraseDataDialog';
const CONFIRM_PROMPT = 'eraseConfirmPrompt';
const WATERFALL = 'eraseWaterfall';

/** Set on the turn once the person's data is erased: the bot must then save nothing and record nothing more. */
export const ERASED_THIS_TURN = Symbol('erasedThisTurn');

/** The result of the dialog when the person said no. */
export const ERASE_DECLINED = 'eraseDeclined';

export const wasErasedThisTurn = (context: TurnContext): boolean => context.turnState.get(ERASED_THIS_TURN) === true;

export const TEXT = {
  confirm:
    'Voulez-vous vraiment effacer tout ce que je garde sur vous : votre profil, nos conversations et tout ce que vous m’avez dit ? ' +
    'C’est définitif. Répondez « oui » ou « non ».',
  retry: 'Je n’ai pas compris : répondez « oui » pour tout effacer, ou « non » pour garder vos données.',
  done:
    'C’est fait : tout ce que je savais de vous est effacé. Si vous m’écrivez à nouveau, nous repartirons de zéro. ' +
    'Les besoins de formation déjà enregistrés restent, sans votre contact ni rien qui mène à vous.',
  kept: 'D’accord, je ne supprime rien. Reprenons.',
};

export class EraseDataDialog extends ComponentDialog {
  constructor(private readonly personalData: PersonalData) {
    super(ERASE_DATA_DIALOG);
    const confirm = new ConfirmPrompt(CONFIRM_PROMPT, undefined, 'fr-fr');
    // Buttons without numbers: answering "1" would need the number models, which take seconds to build.
    confirm.style = ListStyle.suggestedAction;
    confirm.choiceOptions = { includeNumbers: false };
    this.addDialog(confirm);
    this.addDialog(new WaterfallDialog(WATERFALL, [this.confirmStep.bind(this), this.eraseStep.bind(this)]));
    this.initialDialogId = WATERFALL;
  }

  private async confirmStep(step: WaterfallStepContext) {
    return step.prompt(CONFIRM_PROMPT, { prompt: TEXT.confirm, retryPrompt: TEXT.retry });
  }

  private async eraseStep(step: WaterfallStepContext) {
    if (!step.result) {
      await step.context.sendActivity(TEXT.kept);
      return step.endDialog(ERASE_DECLINED);
    }
    const { channelId, from, conversation } = step.context.activity;
    await this.personalData.erase({ channelId, userId: from.id }, conversation.id);
    step.context.turnState.set(ERASED_THIS_TURN, true);
    await step.context.sendActivity(TEXT.done);
    // The stored state is gone and the bot saves nothing on this turn (ERASED_THIS_TURN), so the
    // dialogs still in memory vanish with the turn; ending them here would reprompt the dialog below.
    return Dialog.EndOfTurn;
  }
}
