// Asked on behalf of the pooling service (services/demand/poolInvitations.ts): other companies nearby
// want the same training; does this one want to be put in touch? Started by the bot in the middle of
// whatever was under way, which resumes afterwards.
import { MessageFactory } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Invitation, PoolInvitations } from '../services/demand/poolInvitations';
import { isNo, isYes } from '../services/understanding/answers';

export const POOL_INVITATION_DIALOG = 'poolInvitationDialog';
const WATERFALL = 'poolInvitationWaterfall';
const ANSWER_PROMPT = 'poolInvitationPrompt';

export const TEXT = {
  ask: ({ others, occupation }: Invitation) =>
    `${others} autre${others > 1 ? 's' : ''} entreprise${others > 1 ? 's' : ''} près de chez vous cherche${others > 1 ? 'nt' : ''} la même formation ` +
    `(« ${occupation} ») : voulez-vous être mis en relation ? À plusieurs, une session de formation s’organise plus facilement.`,
  retry: 'Répondez « oui » pour être mis en relation avec ces entreprises, ou « non ».',
  yes: 'C’est noté : l’équipe BlablaForm vous met en relation avec ces entreprises et les organismes de formation, et revient vers vous.',
  no: 'C’est noté : nous ne vous mettons pas en relation. Vos besoins restent enregistrés.',
};

export class PoolInvitationDialog extends ComponentDialog {
  constructor(private readonly invitations: PoolInvitations) {
    super(POOL_INVITATION_DIALOG);
    this.addDialog(new TextPrompt(ANSWER_PROMPT, yesOrNo));
    this.addDialog(new WaterfallDialog(WATERFALL, [this.askStep.bind(this), this.recordStep.bind(this)]));
    this.initialDialogId = WATERFALL;
  }

  private async askStep(step: WaterfallStepContext<Invitation>) {
    const buttons = ['Oui', 'Non'];
    return step.prompt(ANSWER_PROMPT, {
      prompt: MessageFactory.suggestedActions(buttons, TEXT.ask(step.options)),
      retryPrompt: MessageFactory.suggestedActions(buttons, TEXT.retry),
    });
  }

  private async recordStep(step: WaterfallStepContext<Invitation>) {
    const yes = step.result === 'yes';
    await this.invitations.answer(step.options.id, yes);
    await step.context.sendActivity(yes ? TEXT.yes : TEXT.no);
    return step.endDialog();
  }
}

async function yesOrNo(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const text = prompt.recognized.value ?? '';
  if (isYes(text)) prompt.recognized.value = 'yes';
  else if (isNo(text)) prompt.recognized.value = 'no';
  else return false;
  return true;
}
