// A company describes its training needs in its own words. The bot keeps what it understood, asks
// only for what is missing (occupation, headcount, deadline, commune), one question at a time, then
// the optional details (each can be skipped with « passer »), shows a summary that the person
// confirms or corrects in their own words, records the needs, and offers to describe another one.
import { MessageFactory, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { CompanyDetails, CompleteNeed, NeedsStore } from '../services/needs';
import { isDontKnow, isNo, isSkip, isYes } from '../services/understanding/answers';
import { choiceIndex } from '../services/understanding/choiceIndex';
import { findModalities, MODALITY_LABELS } from '../services/understanding/modality';
import { normalize, normalizeWithOffsets } from '../services/understanding/normalize';
import type { GuidedResult } from './handover';
import { frenchDay } from './frenchDay';
import type { Correction, NeedDraft, NeedsUnderstanding, OccupationField } from '../services/understanding/needsAnalyzer';

export const NEEDS_DIALOG = 'needsDialog';
const MAIN = 'needsMain';
const MISSING_LOOP = 'needsMissing';
const DETAILS_LOOP = 'needsDetails';
const CONFIRM_LOOP = 'needsConfirm';
const DESCRIPTION_PROMPT = 'needsDescriptionPrompt';
const FIELD_PROMPT = 'needsFieldPrompt';
const DETAIL_PROMPT = 'needsDetailPrompt';
const SUMMARY_PROMPT = 'needsSummaryPrompt';
const WHICH_PROMPT = 'needsWhichPrompt';
const YES_NO_PROMPT = 'needsYesNoPrompt';

export interface NeedsDialogOptions {
  /** The message that brought the person here, which may already describe the need. */
  text?: string;
  /** Company details already given in this conversation (another need). */
  details?: Details;
  /** Run for an advisor: once saved, the needs go to them (no « another need? »). */
  forAdvisor?: boolean;
}

interface Details extends CompanyDetails {
  consent?: boolean;
  /** Optional questions already asked, answered or skipped. */
  asked?: DetailKey[];
}

interface NeedsState {
  description: string;
  needs: NeedDraft[];
  details: Details;
}

type RequiredField = 'occupation' | 'headcount' | 'deadline' | 'place';
const REQUIRED: RequiredField[] = ['occupation', 'headcount', 'deadline', 'place'];
type DetailKey = 'modality' | 'name' | 'size' | 'sector' | 'contact' | 'consent';

const ADVISOR = 'Parler à un conseiller';
const SKIP = 'Passer';

export const TEXT = {
  askDescription:
    'Décrivez-moi votre besoin de formation avec vos mots : quel métier ou quelle compétence, combien de personnes, pour quand et où. ' +
    'Par exemple : « 4 caristes à former au CACES d’ici fin février à Vénissieux ».',
  descriptionNotUnderstood:
    'Je n’ai pas repéré de besoin de formation dans votre message. Dites-moi au moins le métier ou la compétence, ' +
    'par exemple « 2 soudeurs TIG avant l’été » ou « une formation HACCP pour 5 personnes ».',
  understood: (count: number) => (count > 1 ? `J’ai repéré ${count} besoins.` : 'Bien noté.'),
  ask: {
    occupation: 'Pour quel métier ou quelle compétence faut-il former ? (par exemple « caristes », « aides-soignants », « Excel »)',
    headcount: 'Combien de personnes faut-il former ?',
    deadline: 'Pour quand la formation doit-elle être faite ? (par exemple « fin mars », « dans les 3 mois », « dès que possible »)',
    place: 'Dans quelle commune ? (par exemple « Vénissieux » ou « Lyon 3e »)',
  } satisfies Record<RequiredField, string>,
  retry: {
    occupation: 'Je n’ai pas compris le métier. Écrivez-le simplement, par exemple « soudeurs » ou « comptable ».',
    headcount: 'Indiquez un nombre de personnes entre 1 et 10 000, par exemple « 4 » ou « une dizaine ».',
    deadline: 'Je n’ai pas compris la date. Par exemple : « fin mars », « avant le 15 janvier », « au printemps » ou « dès que possible ».',
    place: 'Je ne trouve pas cette commune. Indiquez une commune de la Métropole de Lyon (par exemple « Bron », « Lyon 7e », « 69200 »), ou la ville si c’est ailleurs.',
  } satisfies Record<RequiredField, string>,
  alreadyPast: (said: string) => `« ${said} », c’est déjà passé : je garde l’ancienne date.`,
  pastDeadline: (said: string) => `« ${said} », c’est déjà passé : pour quand la formation doit-elle être faite ?`,
  pastInDescription: (said: string) => `« ${said} », c’est déjà passé : je vais vous redemander la date.`,
  outOfRange: 'Il me faut un nombre de personnes entre 1 et 10 000.',
  headcountKept: 'Il me faut un nombre de personnes entre 1 et 10 000 : je garde l’ancien nombre.',
  choices: 'Vous pouvez aussi choisir une réponse ci-dessous, ou demander un conseiller.',
  whichCommune: (said: string) => `« ${said} » couvre plusieurs communes de la Métropole : laquelle ?`,
  outside: (name: string) => `${name} n’est pas dans la Métropole de Lyon. Je l’enregistre quand même ?`,
  yesNoRetry: 'Répondez « oui » ou « non ».',
  forNeed: (label: string) => `Pour ${label} : `,
  detail: {
    modality: 'Vous préférez une formation en présentiel, à distance, ou mixte ?',
    name: 'Quel est le nom de votre entreprise ?',
    size: 'Combien de salariés compte votre entreprise ?',
    sector: 'Quel est son secteur d’activité ? (par exemple « logistique », « BTP », « restauration »)',
    contact: 'À quelle adresse e-mail ou quel numéro pouvons-nous vous recontacter à propos de ce besoin ?',
    consent:
      'D’autres entreprises ont peut-être le même besoin près de chez vous : à plusieurs, une session de formation est plus facile à organiser. ' +
      'Acceptez-vous que nous vous prévenions et vous mettions en relation ?',
  } satisfies Record<DetailKey, string>,
  detailsIntro: 'Quelques questions facultatives pour mieux vous aider ; répondez « passer » pour sauter une question.',
  detailRetry: {
    modality: 'Répondez « présentiel », « à distance », « mixte » ou « passer ».',
    name: 'Écrivez le nom de l’entreprise, ou « passer ».',
    size: 'Donnez un nombre de salariés (par exemple « 35 ») ou une tranche, ou « passer ».',
    sector: 'Écrivez le secteur en quelques mots, ou « passer ».',
    contact: 'Donnez une adresse e-mail ou un numéro de téléphone, ou « passer ».',
    consent: 'Répondez « oui », « non » ou « passer ».',
  } satisfies Record<DetailKey, string>,
  summary: (lines: string[]) => `Voici ce que j’ai noté :\n${lines.join('\n')}`,
  confirm:
    'C’est bon ? Répondez « oui » pour enregistrer. Sinon, corrigez avec vos mots (« plutôt 6 personnes », « la date c’est fin mars ») ' +
    'ou retirez un besoin (« retirer le besoin 2 »).',
  confirmRetry: 'Je n’ai pas compris. Répondez « oui » pour enregistrer, ou dites ce qu’il faut changer (par exemple « plutôt 6 personnes »).',
  whatToChange: 'Que faut-il corriger ? Par exemple « plutôt 6 personnes », « à Bron », « la date c’est fin mars ».',
  whichNeed: 'Quel besoin faut-il corriger ? Répondez par son numéro.',
  corrected: 'C’est corrigé.',
  removed: (label: string) => `J’ai retiré ${label}.`,
  allRemoved: 'J’ai retiré tous les besoins : rien n’est enregistré.',
  saved: (count: number) =>
    (count > 1 ? `Merci, vos ${count} besoins sont enregistrés. Ils rejoignent` : 'Merci, votre besoin est enregistré. Il rejoint') +
    ' ceux des autres entreprises de la Métropole : l’équipe BlablaForm les rapproche de l’offre de formation ' +
    'et des entreprises qui cherchent la même chose près de chez vous, puis revient vers vous si vous avez laissé un contact.',
  another: 'Voulez-vous décrire un autre besoin ?',
  bye: 'Merci ! Écrivez-moi quand vous voulez : « aide » pour savoir ce que je sais faire.',
};

const FIELD_CHOICES: Record<RequiredField, string[]> = {
  occupation: [],
  headcount: ['1', '2', '5', '10'],
  deadline: ['Dès que possible', 'Dans les 3 mois', 'Avant la fin de l’année'],
  place: ['Lyon', 'Villeurbanne', 'Vénissieux', 'Saint-Priest'],
};
const DETAIL_CHOICES: Record<DetailKey, string[]> = {
  modality: ['Présentiel', 'À distance', 'Mixte', SKIP],
  name: [SKIP],
  size: ['1 à 9', '10 à 49', '50 à 249', '250 et plus', SKIP],
  sector: [SKIP],
  contact: [SKIP],
  consent: ['Oui', 'Non', SKIP],
};
const DETAIL_ORDER: DetailKey[] = ['modality', 'name', 'size', 'sector', 'contact', 'consent'];

export class NeedsDialog extends ComponentDialog {
  constructor(
    private readonly understanding: NeedsUnderstanding,
    private readonly store: NeedsStore,
  ) {
    super(NEEDS_DIALOG);
    this.addDialog(new TextPrompt(DESCRIPTION_PROMPT, this.descriptionValidator.bind(this)));
    this.addDialog(new TextPrompt(FIELD_PROMPT, this.fieldValidator.bind(this)));
    this.addDialog(new TextPrompt(DETAIL_PROMPT, this.detailValidator.bind(this)));
    this.addDialog(new TextPrompt(SUMMARY_PROMPT, this.summaryValidator.bind(this)));
    this.addDialog(new TextPrompt(WHICH_PROMPT, whichValidator));
    this.addDialog(new TextPrompt(YES_NO_PROMPT, yesNoValidator));
    this.addDialog(new WaterfallDialog(MAIN, [this.describeStep.bind(this), this.completeStep.bind(this), this.detailsStep.bind(this), this.confirmStep.bind(this), this.saveStep.bind(this), this.anotherStep.bind(this)]));
    this.addDialog(new WaterfallDialog(MISSING_LOOP, [this.askMissingStep.bind(this), this.readAnswerStep.bind(this), this.nextMissingStep.bind(this)]));
    this.addDialog(new WaterfallDialog(DETAILS_LOOP, [this.askDetailStep.bind(this), this.nextDetailStep.bind(this)]));
    this.addDialog(new WaterfallDialog(CONFIRM_LOOP, [this.summaryStep.bind(this), this.changeStep.bind(this), this.applyToStep.bind(this)]));
    this.initialDialogId = MAIN;
  }

  // ── The whole path ────────────────────────────────────────────────────────────────────────────

  private async describeStep(step: WaterfallStepContext<NeedsDialogOptions>) {
    // The message that said "entreprise" counts as the description only if it names what to train or how many.
    const text = step.options?.text;
    if (text && this.understanding.analyze(text).needs.some((need) => need.occupation || need.headcount)) return step.next(text);
    return step.prompt(DESCRIPTION_PROMPT, { prompt: TEXT.askDescription });
  }

  private async descriptionValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    if (this.understanding.analyze(text).needs.length > 0) return true;
    await sendRetry(prompt.context, TEXT.descriptionNotUnderstood, prompt.attemptCount, []);
    return false;
  }

  private async completeStep(step: WaterfallStepContext<NeedsDialogOptions>) {
    const description = step.result as string;
    const analysis = this.understanding.analyze(description);
    const details: Details = { ...step.options?.details };
    if (analysis.companySize && !details.size) details.size = String(analysis.companySize);
    const state: NeedsState = { description, needs: analysis.needs, details };
    await step.context.sendActivity(TEXT.understood(state.needs.length));
    // What cannot be kept as said (a date already past, 0 or 20,000 people) is asked again, with the reason.
    for (const need of state.needs) {
      if (need.deadline && isPast(need.deadline, this.understanding.today())) {
        await step.context.sendActivity(TEXT.pastInDescription(need.deadline.said));
        need.deadline = null;
      }
      if (need.headcount && !validHeadcount(need.headcount.value)) need.headcount = null;
    }
    return step.beginDialog(MISSING_LOOP, state);
  }

  private async detailsStep(step: WaterfallStepContext) {
    return step.beginDialog(DETAILS_LOOP, step.result as NeedsState);
  }

  private async confirmStep(step: WaterfallStepContext) {
    return step.beginDialog(CONFIRM_LOOP, step.result as NeedsState);
  }

  private async saveStep(step: WaterfallStepContext) {
    const state = step.result as NeedsState;
    (step.values as { details?: Details }).details = state.details;
    if (state.needs.length === 0) {
      await step.context.sendActivity(TEXT.allRemoved);
    } else {
      const { channelId, conversation, from } = step.context.activity;
      const { consent, asked: _asked, ...company } = state.details;
      const complete = state.needs.map((need) => toComplete(need, state.description));
      await this.store.record(complete, { channelId, conversationId: conversation.id, userId: from.id }, company, consent === true);
      await step.context.sendActivity(TEXT.saved(complete.length));
    }
    if ((step.options as NeedsDialogOptions).forAdvisor) return step.endDialog({ summary: summarize(state, 'saved') } satisfies GuidedResult);
    return step.prompt(YES_NO_PROMPT, { prompt: MessageFactory.suggestedActions(['Oui', 'Non'], TEXT.another), retryPrompt: MessageFactory.suggestedActions(['Oui', 'Non'], TEXT.yesNoRetry) });
  }

  private async anotherStep(step: WaterfallStepContext) {
    if (step.result === 'yes') {
      return step.replaceDialog(MAIN, { details: (step.values as { details?: Details }).details } satisfies NeedsDialogOptions);
    }
    await step.context.sendActivity(TEXT.bye);
    return step.endDialog();
  }

  // ── Required fields, one question at a time ───────────────────────────────────────────────────

  private async askMissingStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    const missing = firstMissing(state.needs);
    if (!missing) return step.endDialog(state);
    const [index, field] = missing;
    const prefix = state.needs.length > 1 ? TEXT.forNeed(needLabel(state.needs[index], index)) : '';
    const vague = field === 'place' && placeIsVague(state.needs[index].place);
    const question = vague ? TEXT.whichCommune(state.needs[index].place!.said) : TEXT.ask[field];
    return step.prompt(FIELD_PROMPT, { prompt: prefix ? prefix + question[0].toLowerCase() + question.slice(1) : question, validations: { field } });
  }

  private async readAnswerStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    const [index, field] = firstMissing(state.needs)!;
    const answer = step.result as string;
    if (field !== 'place') {
      state.needs[index] = { ...state.needs[index], [field]: this.readField(field, answer) };
      return step.next();
    }
    const place = this.understanding.placeAnswer(answer)!;
    (step.values as { place?: unknown }).place = place;
    if (place.inMetropole) {
      state.needs[index] = { ...state.needs[index], place };
      return step.next();
    }
    // A place outside the Métropole is kept as said, once the person confirms it.
    const prompt = MessageFactory.suggestedActions(['Oui', 'Non'], TEXT.outside(place.name));
    return step.prompt(YES_NO_PROMPT, { prompt, retryPrompt: MessageFactory.suggestedActions(['Oui', 'Non'], TEXT.yesNoRetry) });
  }

  private async nextMissingStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    if (step.result === 'yes') {
      const [index] = firstMissing(state.needs)!;
      state.needs[index] = { ...state.needs[index], place: (step.values as { place: NeedDraft['place'] }).place };
    }
    return step.replaceDialog(MISSING_LOOP, state);
  }

  private readField(field: Exclude<RequiredField, 'place'>, answer: string) {
    if (field === 'occupation') return this.understanding.occupationAnswer(answer);
    if (field === 'headcount') return this.understanding.headcountAnswer(answer);
    return this.understanding.deadlineAnswer(answer);
  }

  private async fieldValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const field = (prompt.options.validations as { field: RequiredField }).field;
    const text = prompt.recognized.value ?? '';
    const problem = this.fieldProblem(field, text);
    if (!problem) return true;
    await sendRetry(prompt.context, problem, prompt.attemptCount, FIELD_CHOICES[field]);
    return false;
  }

  /** Why an answer cannot fill the field (a sentence for the person), or undefined when it can. */
  private fieldProblem(field: RequiredField, text: string): string | undefined {
    switch (field) {
      case 'occupation':
        return this.understanding.occupationAnswer(text) ? undefined : TEXT.retry.occupation;
      case 'headcount': {
        const headcount = this.understanding.headcountAnswer(text);
        if (!headcount) return TEXT.retry.headcount;
        return validHeadcount(headcount.value) ? undefined : `${TEXT.outOfRange} ${TEXT.retry.headcount}`;
      }
      case 'deadline': {
        const deadline = this.understanding.deadlineAnswer(text);
        if (!deadline) return TEXT.retry.deadline;
        return isPast(deadline, this.understanding.today()) ? TEXT.pastDeadline(deadline.said) : undefined;
      }
      case 'place': {
        const place = this.understanding.placeAnswer(text);
        if (!place) return TEXT.retry.place;
        return placeIsVague(place) ? TEXT.whichCommune(place.said) : undefined;
      }
    }
  }

  // ── Optional details ──────────────────────────────────────────────────────────────────────────

  private async askDetailStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    const asked = state.details.asked ?? [];
    const next = DETAIL_ORDER.find((key) => !asked.includes(key) && !this.detailKnown(state, key));
    if (!next) return step.endDialog(state);
    const intro = asked.length === 0 ? `${TEXT.detailsIntro}\n\n` : '';
    const question = next === 'modality' && state.needs.length > 1 ? `${TEXT.detail.modality} (pour tous ces besoins)` : TEXT.detail[next];
    (step.values as { key?: DetailKey }).key = next;
    return step.prompt(DETAIL_PROMPT, { prompt: MessageFactory.suggestedActions(DETAIL_CHOICES[next], intro + question), validations: { key: next } });
  }

  private async nextDetailStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    const key = (step.values as { key: DetailKey }).key;
    state.details.asked = [...(state.details.asked ?? []), key];
    const answer = readDetail(key, step.result as string);
    if (answer !== undefined) {
      if (key === 'modality') {
        const [modality] = findModalities(normalizeWithOffsets(step.result as string));
        state.needs = state.needs.map((need) => need.modality ? need : { ...need, modality: { said: modality.said, value: modality.value } });
      } else if (key === 'consent') {
        state.details.consent = answer === 'oui';
      } else {
        state.details[key] = answer;
      }
    }
    return step.replaceDialog(DETAILS_LOOP, state);
  }

  private detailKnown(state: NeedsState, key: DetailKey): boolean {
    if (key === 'modality') return state.needs.every((need) => need.modality);
    if (key === 'consent') return state.details.consent !== undefined;
    return !!state.details[key];
  }

  private async detailValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const key = (prompt.options.validations as { key: DetailKey }).key;
    const text = prompt.recognized.value ?? '';
    if (skipsDetail(key, text) || readDetail(key, text) !== undefined) return true;
    await prompt.context.sendActivity(MessageFactory.suggestedActions(DETAIL_CHOICES[key], TEXT.detailRetry[key]));
    return false;
  }

  // ── Summary, corrections, confirmation ────────────────────────────────────────────────────────

  private async summaryStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    if (state.needs.length === 0) return step.endDialog(state);
    const lines = state.needs.map((need, i) => describeNeed(need, state.needs.length > 1 ? i : undefined));
    await step.context.sendActivity(TEXT.summary(lines));
    return step.prompt(SUMMARY_PROMPT, { prompt: MessageFactory.suggestedActions(['Oui, enregistrer'], TEXT.confirm), validations: { needs: state.needs } });
  }

  private async changeStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    const answer = step.result as string;
    if (isYes(answer)) return step.endDialog(state);
    const removed = needToRemove(answer, state.needs);
    if (removed !== undefined) {
      const [gone] = state.needs.splice(removed, 1);
      await step.context.sendActivity(TEXT.removed(needLabel(gone, removed)));
      return step.replaceDialog(CONFIRM_LOOP, state);
    }
    const correction = this.understanding.correction(answer);
    const target = targetNeed(answer, correction, state.needs);
    if (target === 'ask') {
      (step.values as { correction?: Correction }).correction = correction;
      const list = state.needs.map((need, i) => `${i + 1}. ${needLabel(need, i)}`).join('\n');
      const numbers = state.needs.map((_, i) => String(i + 1));
      return step.prompt(WHICH_PROMPT, { prompt: MessageFactory.suggestedActions(numbers, `${TEXT.whichNeed}\n${list}`), validations: { count: state.needs.length } });
    }
    await this.applyCorrection(step.context, state, target, correction);
    return step.replaceDialog(CONFIRM_LOOP, state);
  }

  private async applyToStep(step: WaterfallStepContext<NeedsState>) {
    const state = step.options;
    const index = choiceIndex(step.result as string, state.needs.length)!;
    await this.applyCorrection(step.context, state, index, (step.values as { correction: Correction }).correction);
    return step.replaceDialog(CONFIRM_LOOP, state);
  }

  private async applyCorrection(context: TurnContext, state: NeedsState, index: number, correction: Correction): Promise<void> {
    const { headcount, deadline, ...rest } = correction;
    const problems: string[] = [];
    const update: Partial<NeedDraft> = { ...rest };
    if (headcount) {
      if (validHeadcount(headcount.value)) update.headcount = headcount;
      else problems.push(TEXT.headcountKept);
    }
    if (deadline) {
      if (isPast(deadline, this.understanding.today())) problems.push(TEXT.alreadyPast(deadline.said));
      else update.deadline = deadline;
    }
    // Naming the need ("pour les soudeurs, plutôt 6") is not a change of occupation.
    if (update.occupation && sameOccupation(update.occupation, state.needs[index].occupation)) delete update.occupation;
    state.needs[index] = { ...state.needs[index], ...update };
    if (Object.keys(update).length) await context.sendActivity(TEXT.corrected);
    for (const problem of problems) await context.sendActivity(problem);
  }

  private async summaryValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    const { needs } = prompt.options.validations as { needs: NeedDraft[] };
    if (isYes(text) || needToRemove(text, needs) !== undefined) return true;
    if (Object.keys(this.understanding.correction(text)).length > 0) return true;
    const reply = isNo(text) ? TEXT.whatToChange : TEXT.confirmRetry;
    await sendRetry(prompt.context, reply, isNo(text) ? 1 : prompt.attemptCount, ['Oui, enregistrer']);
    return false;
  }

}

// ── Small pure helpers ──────────────────────────────────────────────────────────────────────────

/** A place of the Métropole without its commune ("69250", shared by six, or "la Métropole") still needs one. */
function placeIsVague(place: NeedDraft['place']): boolean {
  return !!place && place.inMetropole && place.insee === null;
}

function firstMissing(needs: NeedDraft[]): [number, RequiredField] | undefined {
  for (const [i, need] of needs.entries()) {
    const field = REQUIRED.find((f) => !need[f] || (f === 'place' && placeIsVague(need.place)));
    if (field) return [i, field];
  }
  return undefined;
}

function validHeadcount(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 10_000;
}

function isPast(deadline: { end: string | null; urgent: boolean }, today: string): boolean {
  return !deadline.urgent && deadline.end !== null && deadline.end < today;
}

function toComplete(need: NeedDraft, description: string): CompleteNeed {
  return { description, occupation: need.occupation!, headcount: need.headcount!, deadline: need.deadline!, place: need.place!, modality: need.modality };
}

/** "parler à un conseiller" during a question: say what happens, then ask the question again. */
/** The first miss rephrases; from the second, the choices and a human advisor are offered. */
async function sendRetry(context: TurnContext, message: string, attempt: number, choices: string[]): Promise<void> {
  if (attempt < 2) {
    await context.sendActivity(choices.length ? MessageFactory.suggestedActions(choices, message) : message);
    return;
  }
  await context.sendActivity(MessageFactory.suggestedActions([...choices, ADVISOR], `${message}\n${TEXT.choices}`));
}

async function yesNoValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const text = prompt.recognized.value ?? '';
  if (isYes(text)) prompt.recognized.value = 'yes';
  else if (isNo(text)) prompt.recognized.value = 'no';
  else return false;
  return true;
}

async function whichValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const { count } = prompt.options.validations as { count: number };
  return choiceIndex(prompt.recognized.value, count) !== undefined;
}

/** « passer », "je ne sais pas", or a plain « non » to anything but the consent question (where it is the answer). */
function skipsDetail(key: DetailKey, text: string): boolean {
  return isSkip(text) || isDontKnow(text) || (key !== 'consent' && isNo(text));
}

/** An optional answer as it will be kept; undefined when it is not an answer to that question (or « passer »). */
function readDetail(key: DetailKey, text: string): string | undefined {
  const trimmed = text.trim();
  if (skipsDetail(key, trimmed)) return undefined;
  switch (key) {
    case 'modality':
      return findModalities(normalizeWithOffsets(trimmed))[0]?.value;
    case 'consent':
      return isYes(trimmed) ? 'oui' : isNo(trimmed) ? 'non' : undefined;
    case 'size':
      return sizeBand(trimmed);
    case 'contact':
      return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(trimmed) || /^(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}$/.test(trimmed) ? trimmed : undefined;
    default:
      return /\p{L}/u.test(trimmed) && trimmed.length <= 200 ? trimmed : undefined;
  }
}

/** "35", "35 salariés", "10 à 49", "250 et plus": one of the usual size bands. */
function sizeBand(text: string): string | undefined {
  const numbers = normalize(text).match(/\d+/g)?.map(Number);
  if (!numbers?.length) return undefined;
  const n = Math.max(...numbers.filter((x) => x < 1_000_000));
  if (n >= 250) return '250+';
  if (n >= 50) return '50-249';
  if (n >= 10) return '10-49';
  return n >= 1 ? '1-9' : undefined;
}

/** "retirer le besoin 2", "enlève les comptables", "supprime le deuxième": the index of the need to drop. */
function needToRemove(text: string, needs: NeedDraft[]): number | undefined {
  const n = normalize(text);
  const verb = /^(retire[rz]?|supprime[rz]?|enleve[rz]?|oublie[rz]?|efface[rz]?|pas|plus|sans)\b/.exec(n);
  if (!verb) return undefined;
  const rest = n.slice(verb[0].length).replace(/\b(le|la|les|l|besoin|besoins|numero|n|des|du|de|pour|les besoins)\b/g, ' ').trim();
  if (needs.length === 1 && /^(ce|ca|tout|le besoin)?$/.test(rest)) return 0;
  const index = choiceIndex(rest, needs.length);
  if (index !== undefined) return index;
  const named = needs.findIndex((need) => need.occupation && sharesWord(rest, normalize(need.occupation.said)));
  return named >= 0 ? named : undefined;
}

/** Which need a correction is about: the only one, the one it names, or 'ask'. */
function targetNeed(text: string, correction: Correction, needs: NeedDraft[]): number | 'ask' {
  if (needs.length === 1) return 0;
  const n = normalize(text);
  const named = needs.findIndex((need) => need.occupation && (sameOccupation(correction.occupation, need.occupation) || sharesWord(n, normalize(need.occupation.said))));
  return named >= 0 ? named : 'ask';
}

function sameOccupation(a: OccupationField | undefined | null, b: OccupationField | null): boolean {
  if (!a || !b) return false;
  return (a.rome !== null && a.rome === b.rome) || normalize(a.said) === normalize(b.said);
}

/** Whether two phrases share a significant word ("soudeur" and "soudeurs TIG"), plural aside. */
function sharesWord(a: string, b: string): boolean {
  const words = (s: string) => s.split(' ').filter((w) => w.length > 3).map((w) => w.replace(/(s|x)$/, ''));
  const set = new Set(words(b));
  return words(a).some((w) => set.has(w));
}

// ── How needs are shown ─────────────────────────────────────────────────────────────────────────

/** For an advisor: the needs being described, when `value` is this dialog's state (see dialogs/handover.ts). */
export function summarizeNeeds(value: unknown): string | undefined {
  const state = value as Partial<NeedsState>;
  if (typeof state.description !== 'string' || !Array.isArray(state.needs) || typeof state.details !== 'object') return undefined;
  return summarize(state as NeedsState, 'inProgress');
}

function summarize(state: NeedsState, stage: 'inProgress' | 'saved'): string {
  const { name, size, sector, contact, consent } = state.details;
  const company = [name && `nom : ${name}`, size && `taille : ${size}`, sector && `secteur : ${sector}`, contact && `contact : ${contact}`]
    .filter(Boolean)
    .join(' ; ');
  const lines = [
    stage === 'saved' ? `Besoins de formation enregistrés (${state.needs.length}) :` : 'Besoins de formation en cours de description :',
    `Message de départ : « ${state.description} »`,
    ...state.needs.map((need, i) => describeNeed(need, i)),
  ];
  if (state.needs.length === 0) lines.push('(aucun besoin retenu)');
  if (company) lines.push(`Entreprise : ${company}`);
  if (consent !== undefined) lines.push(`Accepte d’être mis en relation avec d’autres entreprises : ${consent ? 'oui' : 'non'}`);
  return lines.join('\n');
}


function needLabel(need: NeedDraft, index: number): string {
  return need.occupation ? `« ${need.occupation.said} »` : `le besoin ${index + 1}`;
}

function describeNeed(need: NeedDraft, index?: number): string {
  const head = index === undefined ? '• ' : `${index + 1}. `;
  const { occupation, headcount, deadline, place, modality } = need;
  const who = headcount ? `${headcount.approximate ? 'environ ' : ''}${headcount.value} ${headcount.value > 1 ? 'personnes' : 'personne'}` : '?';
  const what = occupation ? `${occupation.said}${romeText(occupation)}` : '?';
  const lines = [
    `${head}${who} à former : ${what}`,
    `   Quand : ${deadline ? deadlineText(deadline) : '?'}`,
    `   Où : ${place ? `${place.name}${place.inMetropole ? '' : ' (hors Métropole de Lyon)'}` : '?'}`,
  ];
  if (modality) lines.push(`   Modalité : ${MODALITY_LABELS[modality.value]}`);
  return lines.join('\n');
}

function romeText(o: OccupationField): string {
  if (o.rome && o.romeLabel) return ` (métier ${o.rome} : ${o.romeLabel})`;
  if (o.domainLabel) return ` (domaine : ${o.domainLabel})`;
  return '';
}

function deadlineText(d: NonNullable<NeedDraft['deadline']>): string {
  if (!d.end) return 'dès que possible';
  const window = d.start && d.start !== d.end ? `du ${frenchDay(d.start)} au ${frenchDay(d.end)}` : `le ${frenchDay(d.end)}`;
  return `${d.said} (${window})${d.urgent ? ', urgent' : ''}`;
}
