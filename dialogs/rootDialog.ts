// The dialog every turn enters. It answers the commands that work at any point (aide, annuler,
// recommencer, confidentialité, supprimer mes données) and otherwise lets the current dialog go on.
import { MessageFactory } from 'botbuilder';
import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { asksForAdvisor, recognizeCommand } from '../services/understanding/commands';
import { detectSensitive } from '../services/understanding/sensitive';
import { normalize } from '../services/understanding/normalize';
import type { GuidedDialog } from '../services/handoff/handoffs';
import type { Invitation } from '../services/demand/poolInvitations';
import { POOL_INVITATION_DIALOG, type PoolInvitationDialog } from './poolInvitationDialog';
import { TEXT as HANDOVER_TEXT, type GuidedResult, type Handover } from './handover';
import type { DataAccess } from './dataAccess';
import { ERASE_DATA_DIALOG, ERASE_DECLINED, EraseDataDialog } from './eraseDataDialog';
import { WELCOME_DIALOG, WelcomeDialog, type WelcomeOptions, type WelcomeResult } from './welcomeDialog';
import { NEEDS_DIALOG, NeedsDialog, type NeedsDialogOptions } from './needsDialog';
import { ORIENTATION_DIALOG, OrientationDialog, type OrientationOptions } from './orientationDialog';

export const ROOT_DIALOG = 'rootDialog';

/** How the root dialog is begun: by a message (nothing given), or by an advisor handing the conversation to a guided dialog. */
export interface RootOptions {
  guided?: GuidedDialog;
  /** A pool invitation the bot asks on its own, with nothing else under way. */
  invitation?: Invitation;
}

/** Failed answers to one question after which the bot stops asking and passes the conversation to a human. */
export const STUCK_AFTER = 4;

export const TEXT = {
  help:
    'Voici ce que je sais faire :\n' +
    '• Entreprise : décrire vos besoins de formation avec vos mots ; je note le métier, le nombre de personnes, la date et le lieu.\n' +
    '• Personne : trouver une formation ou un lieu pour apprendre près de chez vous, et faire le point sur vos bases en numérique.\n' +
    '• Parler à un conseiller ou une conseillère du CRIJ : écrivez « parler à un conseiller », je transmets notre conversation.\n' +
    'À tout moment : « recommencer » pour repartir du début, « annuler » pour arrêter ce qui est en cours, ' +
    '« mes résultats » pour revoir mes propositions, « confidentialité » pour savoir ce que je garde, « mes données » pour le voir, « supprimer mes données » pour tout effacer.',
  cancelled: 'C’est annulé.',
  restarted: 'On reprend depuis le début.',
  privacy: (months: number) =>
    'Confidentialité :\n' +
    '• Ce que je garde : vos messages et mes réponses, et ce que vous me dites de vous ou de vos besoins, ' +
    'pour continuer la conversation et permettre à un conseiller de vous répondre.\n' +
    `• Combien de temps : ${months} mois au plus après votre dernier message, puis tout est effacé automatiquement.\n` +
    '• Les besoins de formation qu’une entreprise enregistre restent, pour mesurer la demande ; après un effacement, sans rien qui mène à vous.\n' +
    '• Pour voir tout ce que je garde sur vous : écrivez « mes données ».\n' +
    '• Pour tout effacer maintenant : écrivez « supprimer mes données ».',
};

export class RootDialog extends ComponentDialog {
  constructor(
    welcome: WelcomeDialog,
    needs: NeedsDialog,
    private readonly orientation: OrientationDialog,
    eraseData: EraseDataDialog,
    poolInvitation: PoolInvitationDialog,
    private readonly handover: Handover,
    private readonly dataAccess: DataAccess,
    private readonly retentionMonths: number,
  ) {
    super(ROOT_DIALOG);
    this.addDialog(poolInvitation);
    this.addDialog(welcome);
    this.addDialog(needs);
    this.addDialog(orientation);
    this.addDialog(eraseData);
    this.initialDialogId = WELCOME_DIALOG;
  }

  protected async onBeginDialog(innerDc: DialogContext, options?: RootOptions): Promise<DialogTurnResult> {
    if (options?.guided) return this.beginGuided(innerDc, options.guided);
    if (options?.invitation) return innerDc.beginDialog(POOL_INVITATION_DIALOG, options.invitation);
    if (await this.handedToHuman(innerDc)) return Dialog.EndOfTurn;
    return this.next(innerDc, (await this.answerCommand(innerDc)) ?? (await this.welcome(innerDc)));
  }

  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (await this.handedToHuman(innerDc)) return Dialog.EndOfTurn;
    // Nothing under way (the conversation came back from an advisor after a dialog had ended): start again.
    const result = (await this.answerCommand(innerDc)) ?? (innerDc.activeDialog ? await innerDc.continueDialog() : await this.welcome(innerDc));
    if (result.status === DialogTurnStatus.waiting && failedAttempts(innerDc) >= STUCK_AFTER) {
      await this.handover.request(innerDc, 'STUCK');
      return Dialog.EndOfTurn;
    }
    return this.next(innerDc, result);
  }

  /**
   * A person who asks for a human, or who speaks of something the bot must not handle (distress,
   * violence, health, a minor in danger), is put in an advisor's queue. The dialogs under way stay,
   * so that the bot can resume where it was when the advisor hands back.
   */
  private async handedToHuman(innerDc: DialogContext): Promise<boolean> {
    const { type, text } = innerDc.context.activity;
    if (type !== 'message') return false;
    const sensitive = detectSensitive(text);
    if (sensitive) {
      await this.handover.request(innerDc, 'SENSITIVE', sensitive);
      return true;
    }
    // At the welcome, a bare « conseiller » answers "who are you?" (an advisor), it does not ask for one.
    const answersRole = innerDc.activeDialog?.id === WELCOME_DIALOG && /^conseill(er|ere)s?$/.test(normalize(text ?? ''));
    if (!asksForAdvisor(text) || answersRole) return false;
    await this.handover.request(innerDc, 'ASKED');
    return true;
  }

  /** An advisor handed the conversation to a guided dialog: it starts now, with a word on why. */
  private async beginGuided(innerDc: DialogContext, guided: GuidedDialog): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(HANDOVER_TEXT.guidedIntro[guided]);
    if (guided === 'needs') return innerDc.beginDialog(NEEDS_DIALOG, { forAdvisor: true } satisfies NeedsDialogOptions);
    return innerDc.beginDialog(ORIENTATION_DIALOG, { forAdvisor: true, digitalCheck: guided === 'digital' } satisfies OrientationOptions);
  }

  /** What follows a dialog that has just ended: a company describes its needs. */
  private async next(innerDc: DialogContext, result: DialogTurnResult): Promise<DialogTurnResult> {
    if (result.status !== DialogTurnStatus.complete) return result;
    // Erasure declined with nothing underneath to resume: carry on rather than leave the person with nothing.
    if (result.result === ERASE_DECLINED) return innerDc.beginDialog(WELCOME_DIALOG, {});
    const guided = result.result as GuidedResult | undefined;
    if (typeof guided?.summary === 'string') {
      // Back to the advisor who asked: the bot says nothing more. Otherwise it stays available.
      if (await this.handover.guidedDone(innerDc.context, guided)) return Dialog.EndOfTurn;
      return result;
    }
    const welcome = result.result as WelcomeResult | undefined;
    if (welcome?.role === 'entreprise') return innerDc.beginDialog(NEEDS_DIALOG, { text: welcome.text } satisfies NeedsDialogOptions);
    if (welcome?.role === 'personne') return innerDc.beginDialog(ORIENTATION_DIALOG, { text: welcome.text } satisfies OrientationOptions);
    return result;
  }

  private welcome(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { type, text } = innerDc.context.activity;
    const options: WelcomeOptions = { text: type === 'message' ? text : undefined };
    return innerDc.beginDialog(WELCOME_DIALOG, options);
  }

  /** Handles a command if the message is one; undefined otherwise. */
  private async answerCommand(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { type, text } = innerDc.context.activity;
    const command = type === 'message' ? recognizeCommand(text) : undefined;
    const active = innerDc.activeDialog?.id;
    switch (command) {
      case 'help':
      case 'privacy':
      case 'results':
      case 'access':
        if (command === 'results') await this.orientation.showSavedResults(innerDc.context);
        else if (command === 'access') await this.dataAccess.send(innerDc.context);
        else await innerDc.context.sendActivity(MessageFactory.text(command === 'help' ? TEXT.help : TEXT.privacy(this.retentionMonths)));
        if (!active) return innerDc.beginDialog(WELCOME_DIALOG, {});
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'cancel':
      case 'restart':
        if (active) {
          await innerDc.cancelAllDialogs();
          await innerDc.context.sendActivity(command === 'cancel' ? TEXT.cancelled : TEXT.restarted);
        }
        return innerDc.beginDialog(WELCOME_DIALOG, {});
      case 'erase':
        if (active === ERASE_DATA_DIALOG) {
          await innerDc.repromptDialog();
          return Dialog.EndOfTurn;
        }
        return innerDc.beginDialog(ERASE_DATA_DIALOG);
      default:
        return undefined;
    }
  }
}

/** How many answers the question being asked has refused so far (a prompt counts its attempts). */
function failedAttempts(dc: DialogContext): number {
  let inner = dc;
  while (inner.child) inner = inner.child;
  const state = inner.activeDialog?.state as { state?: { attemptCount?: number } } | undefined;
  return state?.state?.attemptCount ?? 0;
}
