// Handing the conversation to a human, and back: what the person is told, when the bot must stay
// silent, and what an advisor gets when a guided dialog they chose ends. The queue itself is
// services/handoff/handoffs.ts; the advisors' side is bots/handoff/desk.ts.
import { type Activity, ActivityTypes, EventFactory, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { ConversationKey, GuidedDialog, Handoff, HandoffReason, Handoffs } from '../services/handoff/handoffs';
import type { OpeningHours } from '../services/handoff/hours';
import type { TranscriptStore } from '../services/transcript';
import { EMERGENCY_NUMBERS, type SensitiveMatch } from '../services/understanding/sensitive';
import { normalize } from '../services/understanding/normalize';
import type { Profile } from './profile';
import { summarizeNeeds } from './needsDialog';
import { summarizeOrientation } from './orientationDialog';

/** What a guided dialog returns when it ends: the advisor who handed the conversation to it reads this. */
export interface GuidedResult {
  summary: string;
}

export const CONTINUE_WITH_BOT = 'Continuer avec le bot';
export const WITHDRAW = 'Annuler ma demande';

const ROLE_LABELS: Record<NonNullable<Profile['role']>, string> = {
  entreprise: 'entreprise',
  personne: 'personne qui cherche une formation ou une orientation',
  conseiller: 'conseiller ou conseillère',
};

const REASON_LABELS: Record<HandoffReason, string> = {
  ASKED: 'la personne a demandé un conseiller',
  STUCK: 'le bot ne comprenait pas ses réponses',
  SENSITIVE: 'sujet sensible',
};

export const TEXT = {
  queued: (position: number, waitMinutes: number | undefined) =>
    'Je transmets notre conversation à un conseiller ou une conseillère du CRIJ, avec ce que vous m’avez déjà dit. ' +
    (position === 0 ? 'Vous êtes le prochain ou la prochaine dans la file' : `${position} personne${position > 1 ? 's' : ''} attend${position > 1 ? 'ent' : ''} avant vous`) +
    (waitMinutes === undefined ? ' ; la réponse arrive en général en quelques minutes.' : ` ; en ce moment, la réponse arrive en ${aboutMinutes(waitMinutes)}.`) +
    '\nÉcrivez votre message ici : il lui sera transmis.',
  closed: (hours: string, when: string) =>
    `Nos conseillers répondent ${hours}. Quelqu’un vous répondra ${when}. ` +
    'Vous pouvez laisser votre message ici : il sera lu en premier, et la réponse arrivera sur cette messagerie.',
  emergency: 'En cas d’urgence, n’attendez pas : 112 (urgences), 3114 (prévention du suicide), 119 (enfant en danger), gratuits, jour et nuit.',
  orBot: `En attendant, vous pouvez continuer avec moi (« ${CONTINUE_WITH_BOT.toLowerCase()} ») ou retirer votre demande (« annuler »).`,
  stuck: 'Je ne parviens pas à comprendre, excusez-moi : je préfère passer la main à une personne.',
  sensitive: (numbers: string[]) =>
    'Ce que vous vivez compte, et une vraie personne va vous répondre. Si vous êtes en danger maintenant, appelez :\n' +
    numbers.map((n) => `• ${n}`).join('\n'),
  alreadyQueued: 'Votre demande est déjà transmise : un conseiller ou une conseillère va vous répondre ici. Écrivez votre message, il lui sera transmis.',
  withdrawn: 'C’est noté, je retire votre demande. On continue ensemble.',
  continueWithBot: 'D’accord, on continue ensemble en attendant : votre demande reste dans la file, et la réponse arrivera ici.',
  handedBack: 'Je reprends la conversation. Merci pour votre patience !',
  humanDone: 'La conversation avec le conseiller ou la conseillère est terminée. Je reste là si vous avez besoin.',
  contactCentreFailed: 'Aucun conseiller n’a pu prendre la conversation pour le moment, excusez-moi. Je reste là ; réessayez plus tard en écrivant « parler à un conseiller ».',
  guidedIntro: {
    orientation: 'Votre conseiller ou conseillère m’a demandé de vous poser quelques questions pour trouver des formations et des lieux près de chez vous.',
    digital: 'Votre conseiller ou conseillère m’a demandé de faire avec vous le point sur vos bases en numérique.',
    needs: 'Votre conseiller ou conseillère m’a demandé de noter avec vous vos besoins de formation.',
  } satisfies Record<GuidedDialog, string>,
  backToAdvisor: 'Merci ! Je transmets vos réponses à votre conseiller ou conseillère, qui reprend la conversation.',
  guidedDoneBot: 'Merci ! Vos réponses sont transmises à votre conseiller ou conseillère.',
};

function aboutMinutes(minutes: number): string {
  if (minutes < 2) return 'une ou deux minutes';
  if (minutes < 60) return `${Math.round(minutes)} minutes environ`;
  const hours = Math.round(minutes / 60);
  return `${hours} heure${hours > 1 ? 's' : ''} environ`;
}

export interface HandoverOptions {
  hours: OpeningHours;
  /** Channels whose conversations go to an external contact centre through the Bot Framework handoff events. */
  contactCentreChannels: string[];
  now?: () => Date;
}

export class Handover {
  private readonly now: () => Date;

  constructor(
    private readonly handoffs: Handoffs,
    private readonly transcript: TranscriptStore,
    private readonly profile: StatePropertyAccessor<Profile>,
    private readonly options: HandoverOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The open handoff of this turn's conversation. */
  current(context: TurnContext): Promise<Handoff | undefined> {
    return this.handoffs.open(keyOf(context));
  }

  /**
   * Puts the conversation in the advisors' queue with what the bot knows, and tells the person what
   * happens next. `dc`: the root dialog's context, read for the summary (the dialogs stay as they are,
   * so the bot can resume where it was).
   */
  async request(dc: DialogContext, reason: HandoffReason, sensitive?: SensitiveMatch): Promise<void> {
    const { context } = dc;
    const key = keyOf(context);
    const external = this.options.contactCentreChannels.includes(key.channelId);
    const summary = await this.summarize(dc, reason, sensitive);
    const { handoff, created } = await this.handoffs.request({
      ...key,
      userId: context.activity.from?.id ?? '',
      reason,
      detail: sensitive ? `${sensitive.topic} : « ${sensitive.said} »` : undefined,
      summary,
      external,
    });
    if (reason === 'SENSITIVE') await context.sendActivity(TEXT.sensitive(EMERGENCY_NUMBERS[sensitive!.topic]));
    if (reason === 'STUCK') await context.sendActivity(TEXT.stuck);
    if (!created) {
      await context.sendActivity(TEXT.alreadyQueued);
      return;
    }
    if (external) {
      // A contact centre plugged into Azure takes it from here: it answers with handoff.status events.
      const lines = await this.transcript.conversation(key.conversationId, key.channelId);
      const history = lines.map((l) => ({ type: ActivityTypes.Message, text: l.text, from: { id: l.direction === 'IN' ? l.userId : 'bot', role: l.direction === 'IN' ? 'user' : 'bot' } }));
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { reason, summary }, { activities: history as Partial<Activity>[] as Activity[] }));
    }
    const now = this.now();
    const actions = [CONTINUE_WITH_BOT, WITHDRAW];
    if (this.options.hours.isOpen(now)) {
      const position = await this.handoffs.position(handoff);
      const wait = await this.handoffs.typicalWaitMinutes();
      await context.sendActivity(MessageFactory.suggestedActions(actions, `${TEXT.queued(position, wait)}\n${TEXT.orBot}${this.emergency(reason)}`));
    } else {
      const when = TEXT.closed(this.options.hours.describe(), this.options.hours.whenOpens(now));
      await context.sendActivity(MessageFactory.suggestedActions(actions, `${when}\n${TEXT.orBot}${this.emergency(reason)}`));
    }
  }

  /**
   * A message while the conversation is with a human or waits for one. 'silent': the message is for the
   * advisor (it is in the transcript already); 'resume': the bot takes over again where it was, after
   * saying why; 'bot': the bot answers as usual (the person carries on with it, or a guided dialog runs).
   */
  async onMessage(context: TurnContext, handoff: Handoff): Promise<'silent' | 'resume' | 'bot'> {
    await this.handoffs.messageIn(handoff);
    if (!this.keepsBotQuiet(handoff)) return 'bot';
    if (handoff.status === 'WAITING') {
      const said = normalize(context.activity.text ?? '');
      if (said === normalize(CONTINUE_WITH_BOT) || /^(continuer|on continue|continuons)( avec (le bot|toi|vous|le robot))?$/.test(said)) {
        if (await this.handoffs.continueWithBot(handoff.id)) {
          await context.sendActivity(TEXT.continueWithBot);
          return 'resume';
        }
      }
      if (said === normalize(WITHDRAW) || /^(annuler|annule|annulez)( (ma|la) demande)?$/.test(said)) {
        if (await this.handoffs.withdraw(handoff.id)) {
          await context.sendActivity(TEXT.withdrawn);
          return 'resume';
        }
      }
    }
    return 'silent';
  }

  /** A human holds the conversation, or is awaited by a person who did not choose to carry on with the bot. */
  keepsBotQuiet(handoff: Handoff): boolean {
    return handoff.status === 'ASSIGNED' || (handoff.status === 'WAITING' && !handoff.botContinues);
  }

  /** `handoff.status` from a contact centre (Bot Framework handoff protocol): accepted, completed or failed. */
  async onContactCentreStatus(context: TurnContext): Promise<'silent' | 'resume'> {
    const state = (context.activity.value as { state?: string } | undefined)?.state;
    if (state !== 'accepted' && state !== 'completed' && state !== 'failed') return 'silent';
    const handoff = await this.handoffs.externalStatus(keyOf(context), state);
    if (!handoff || state === 'accepted') return 'silent';
    await context.sendActivity(state === 'completed' ? TEXT.humanDone : TEXT.contactCentreFailed);
    return 'resume';
  }

  /**
   * A guided dialog ended. When an advisor had handed the conversation to it, they get its result, and
   * the conversation back if they asked: true then (the bot must not go on).
   */
  async guidedDone(context: TurnContext, result: GuidedResult): Promise<boolean> {
    const handoff = await this.handoffs.dialogDone(keyOf(context), result.summary);
    if (!handoff) return false;
    const back = handoff.status === 'ASSIGNED';
    await context.sendActivity(back ? TEXT.backToAdvisor : TEXT.guidedDoneBot);
    return back;
  }

  /** The numbers for an emergency, unless they were just given for a sensitive subject. */
  private emergency(reason: HandoffReason): string {
    return reason === 'SENSITIVE' ? '' : `\n${TEXT.emergency}`;
  }

  private async summarize(dc: DialogContext, reason: HandoffReason, sensitive?: SensitiveMatch): Promise<string> {
    const profile = await this.profile.get(dc.context, {});
    const lines = [`Motif : ${REASON_LABELS[reason]}${sensitive ? ` (${sensitive.topic} : « ${sensitive.said} »)` : ''}.`];
    lines.push(`Rôle : ${profile.role ? ROLE_LABELS[profile.role] : 'pas encore dit'}.`);
    const inProgress = findInStack(dc.stack, (value) => summarizeNeeds(value) ?? summarizeOrientation(value));
    lines.push(inProgress ?? 'Aucun questionnaire en cours.');
    return lines.join('\n');
  }
}

export function keyOf(context: TurnContext): ConversationKey {
  return { channelId: context.activity.channelId, conversationId: context.activity.conversation.id };
}

/**
 * The first state that `describe` recognises, searching the dialog stack depth first. A stack lists the
 * active dialog first, and a dialog's own stack sits inside its state, so the first found is the newest.
 */
function findInStack(value: unknown, describe: (value: unknown) => string | undefined, depth = 0): string | undefined {
  if (depth > 40 || value === null || typeof value !== 'object') return undefined;
  const found = describe(value);
  if (found) return found;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const inner = findInStack(child, describe, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}
