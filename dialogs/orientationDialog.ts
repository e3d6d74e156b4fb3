// A person looking for training or orientation: a short profile (every question can be skipped),
// what they like or want to do, the « trousseau numérique » self-check when it helps, then the three
// best offers near them, formal and informal, each with why it was chosen and how to sign up.
// Results stay in the conversation (« mes résultats »). For under-15s nothing is kept beyond the
// conversation: no profile is written, and everything is erased when they finish.
import { MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, TextPrompt, WaterfallDialog, type DialogContext, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { INFORMAL_KINDS, type Audience, type FoundOffer, type OfferKind, type OfferSearch, type SearchFilters } from '../services/offers/types';
import type { PersonalData } from '../services/personalData';
import { isDontKnow, isNo, isSkip, isYes } from '../services/understanding/answers';
import { asksForAdvisor } from '../services/understanding/commands';
import { choiceIndex } from '../services/understanding/choiceIndex';
import { findInterests, INTERESTS, saysUncomfortableWithComputers } from '../services/understanding/interests';
import { normalize } from '../services/understanding/normalize';
import type { NeedsUnderstanding, PlaceField } from '../services/understanding/needsAnalyzer';
import { ERASED_THIS_TURN } from './eraseDataDialog';
import type { GuidedResult } from './handover';
import { frenchDay } from './frenchDay';

export const ORIENTATION_DIALOG = 'orientationDialog';
const MAIN = 'orientationMain';
const PROFILE_LOOP = 'orientationProfile';
const DIGITAL_LOOP = 'orientationDigital';
const RESULTS_LOOP = 'orientationResults';
const PROFILE_PROMPT = 'orientationProfilePrompt';
const INTEREST_PROMPT = 'orientationInterestPrompt';
const DIGITAL_PROMPT = 'orientationDigitalPrompt';
const YES_NO_PROMPT = 'orientationYesNoPrompt';
const MENU_PROMPT = 'orientationMenuPrompt';

export interface OrientationOptions {
  /** The message that brought the person here ("je suis pas à l'aise avec l'ordi, je cherche une formation"). */
  text?: string;
  /** A new search keeps the profile already given. */
  profile?: Profile;
  /** From the results: go through the digital self-check now, then back to the same search. */
  digitalCheck?: boolean;
  looking?: Looking;
  /** Run for an advisor: the dialog ends with the first results, which go to them. */
  forAdvisor?: boolean;
}

type AgeBand = 'under15' | '15-17' | '18-25' | '26+';
type Situation = 'lyceen' | 'etudiant' | 'demandeur' | 'salarie' | 'reconversion' | 'autre';
type Preference = 'formal' | 'informal' | 'both';
type ProfileKey = 'age' | 'situation' | 'commune' | 'distance' | 'preference';
const PROFILE_ORDER: ProfileKey[] = ['age', 'situation', 'commune', 'distance', 'preference'];

interface Profile {
  age?: AgeBand;
  situation?: Situation;
  place?: PlaceField;
  /** Kilometres; public transport counts as 15 km (the TCL network crosses the Métropole in about an hour). */
  radiusKm?: number;
  preference?: Preference;
  /** Questions answered or skipped. */
  asked: ProfileKey[];
}

interface Looking {
  /** What the person said they like, and how it was understood. */
  said?: string;
  labels: string[];
  rome: string[];
  /** Informal places where one can try it (FabLabs for tinkering…). */
  kinds: OfferKind[];
}

interface OrientationState {
  profile: Profile;
  looking: Looking;
  digitalFirst: boolean;
  digital?: { answers: DigitalAnswer[]; done: boolean };
  /** Results found, and how many are shown so far. */
  results?: ShownOffer[];
  shown?: number;
  radiusKm?: number;
  informalOnly?: boolean;
  forAdvisor?: boolean;
}

/** An offer as remembered for « mes résultats »: the text shown, not the live record. */
export interface ShownOffer {
  id: string;
  text: string;
  formal: boolean;
}

export interface SavedResults {
  at: string;
  offers: ShownOffer[];
}

type DigitalAnswer = 'oui' | 'un peu' | 'non' | 'passer';
const DIGITAL_TOPICS = [
  { id: 'mail', question: 'Savez-vous envoyer un e-mail avec une pièce jointe ?', topic: 'les e-mails', words: 'mail' },
  { id: 'demarches', question: 'Savez-vous créer un compte en ligne et remplir un formulaire (CAF, France Travail, inscription…) ?', topic: 'les démarches en ligne', words: 'demarches' },
  { id: 'securite', question: 'Savez-vous choisir un mot de passe solide et repérer un message frauduleux ?', topic: 'les mots de passe et la sécurité', words: 'mot de passe' },
  { id: 'visio', question: 'Savez-vous faire un appel vidéo (WhatsApp, Teams, Zoom…) ?', topic: 'les appels vidéo', words: 'visio' },
  { id: 'infos', question: 'Savez-vous trouver une information fiable sur internet et repérer une fausse information ?', topic: 'trouver des informations fiables', words: 'informations' },
] as const;

const SKIP = 'Passer';
const ADVISOR = 'Parler à un conseiller';
const DONT_KNOW = 'Je ne sais pas encore';
const MENU = {
  more: 'Plus de résultats',
  wider: 'Chercher plus loin',
  informal: 'Lieux pour apprendre autrement',
  digital: 'Faire le point numérique',
  again: 'Nouvelle recherche',
  advisor: ADVISOR,
  done: 'Terminer',
};

const PROFILE_CHOICES: Record<ProfileKey, string[]> = {
  age: ['Moins de 15 ans', '15 à 17 ans', '18 à 25 ans', '26 ans ou plus', SKIP],
  situation: ['Lycéen·ne', 'Étudiant·e', 'En recherche d’emploi', 'Salarié·e', 'En reconversion', 'Autre', SKIP],
  commune: [SKIP],
  distance: ['5 km', '10 km', '20 km', 'En transports en commun', SKIP],
  preference: ['Une formation', 'Apprendre autrement', 'Les deux', SKIP],
};

export const TEXT = {
  intro:
    'Je vais vous aider à trouver une formation ou un lieu pour apprendre près de chez vous. ' +
    'Quelques questions d’abord : vous pouvez répondre « passer » à chacune.',
  ask: {
    age: 'Quel âge avez-vous ?',
    situation: 'Quelle est votre situation ?',
    commune: 'Dans quelle commune habitez-vous ? (par exemple « Vaulx-en-Velin » ou « Lyon 8e »)',
    distance: 'Jusqu’où pouvez-vous aller ?',
    preference:
      'Vous cherchez plutôt une formation (diplôme, certification), un lieu pour apprendre autrement (atelier, FabLab, médiathèque…), ou les deux ?',
  } satisfies Record<ProfileKey, string>,
  retry: {
    age: 'Choisissez une tranche d’âge, écrivez votre âge (par exemple « 17 ans »), ou « passer ».',
    situation: 'Choisissez la situation qui vous ressemble le plus, ou « passer ».',
    commune: 'Je ne trouve pas cette commune. Écrivez son nom (par exemple « Bron » ou « Lyon 3e »), ou « passer ».',
    distance: 'Indiquez une distance en kilomètres (par exemple « 10 km »), « en transports en commun », ou « passer ».',
    preference: 'Répondez « une formation », « apprendre autrement », « les deux », ou « passer ».',
  } satisfies Record<ProfileKey, string>,
  under15:
    'Merci. Comme vous avez moins de 15 ans, je ne garderai rien de notre échange après cette conversation : ' +
    'quand vous aurez fini, j’effacerai tout.',
  outside: (name: string) => `${name} n’est pas dans la Métropole de Lyon : je chercherai dans toute la Métropole et à distance.`,
  askInterest:
    'Qu’est-ce qui vous intéresse ? Dites-le avec vos mots (« j’aime bricoler », « travailler avec des enfants », ' +
    '« le numérique », « devenir cariste »), ou choisissez :',
  interestRetry: 'Je n’ai pas bien compris. Dites-moi ce que vous aimez faire, un métier qui vous attire, ou choisissez :',
  interestUnderstood: (labels: string[]) => `Compris : ${labels.join(', ')}.`,
  offerDigital: 'Voulez-vous faire le point sur vos bases en numérique ? Cinq questions rapides, pour trouver de l’aide près de chez vous si besoin.',
  digitalIntro: 'Faisons le point sur vos bases en numérique : cinq questions, répondez « oui », « un peu » ou « non ».',
  digitalRetry: 'Répondez « oui », « un peu », « non » ou « passer ».',
  digitalResult: (ok: number, topics: string[]) =>
    topics.length === 0
      ? `Bravo : vous êtes à l’aise sur les ${ok} points. Vous avez les bases du numérique !`
      : `Vous êtes à l’aise sur ${ok} point${ok > 1 ? 's' : ''} sur 5. À travailler : ${topics.join(', ')}. Des lieux près de chez vous vous accompagnent gratuitement :`,
  yesNoRetry: 'Répondez « oui » ou « non ».',
  searching: (what: string) => `Voici ce que je vous propose${what} :`,
  demo: 'Attention : le catalogue actuel contient des exemples de démonstration (lieux réels, dates inventées) : vérifiez auprès de l’organisme avant de vous déplacer.',
  nothing: (where: string) =>
    `Je n’ai rien trouvé${where}. Je peux chercher plus loin, vous montrer des lieux pour apprendre autrement, ou vous mettre en relation avec un conseiller.`,
  noMore: 'Il n’y a pas d’autre résultat pour cette recherche.',
  menu: 'Que voulez-vous faire ?',
  menuRetry: 'Choisissez une réponse ci-dessous.',
  bye: 'Bonne continuation ! Écrivez « mes résultats » pour revoir mes propositions, ou « aide » pour savoir ce que je sais faire.',
  byeMinor: 'Bonne continuation ! Comme promis, j’efface maintenant notre conversation.',
  savedNone: 'Je n’ai pas encore de résultats à vous montrer. Écrivez « recommencer » et choisissez « Je cherche une formation ».',
  saved: (date: string) => `Vos derniers résultats (du ${date}) :`,
};

export class OrientationDialog extends ComponentDialog {
  constructor(
    private readonly understanding: NeedsUnderstanding,
    private readonly search: OfferSearch,
    private readonly saved: StatePropertyAccessor<SavedResults>,
    private readonly personalData: PersonalData,
    /** « Parler à un conseiller » chosen in the results menu (typed in words, the root dialog hears it first). */
    private readonly askAdvisor: (dc: DialogContext) => Promise<void>,
  ) {
    super(ORIENTATION_DIALOG);
    this.addDialog(new TextPrompt(PROFILE_PROMPT, this.profileValidator.bind(this)));
    this.addDialog(new TextPrompt(INTEREST_PROMPT, this.interestValidator.bind(this)));
    this.addDialog(new TextPrompt(DIGITAL_PROMPT, digitalValidator));
    this.addDialog(new TextPrompt(YES_NO_PROMPT, yesNoValidator));
    this.addDialog(new TextPrompt(MENU_PROMPT, menuValidator));
    this.addDialog(
      new WaterfallDialog(MAIN, [
        this.introStep.bind(this),
        this.digitalFirstStep.bind(this),
        this.interestStep.bind(this),
        this.readInterestStep.bind(this),
        this.offerDigitalStep.bind(this),
        this.digitalStep.bind(this),
        this.resultsStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(PROFILE_LOOP, [this.askProfileStep.bind(this), this.readProfileStep.bind(this)]));
    this.addDialog(new WaterfallDialog(DIGITAL_LOOP, [this.askDigitalStep.bind(this), this.readDigitalStep.bind(this)]));
    this.addDialog(new WaterfallDialog(RESULTS_LOOP, [this.showResultsStep.bind(this), this.menuStep.bind(this)]));
    this.initialDialogId = MAIN;
  }

  /** « mes résultats », at any point. */
  async showSavedResults(context: TurnContext): Promise<void> {
    const saved = await this.saved.get(context);
    if (!saved?.offers.length) {
      await context.sendActivity(TEXT.savedNone);
      return;
    }
    await context.sendActivity(TEXT.saved(frenchDay(saved.at)));
    await context.sendActivity(saved.offers.map((o) => o.text).join('\n\n'));
  }

  // ── The path ──────────────────────────────────────────────────────────────────────────────────

  private async introStep(step: WaterfallStepContext<OrientationOptions>) {
    const state: OrientationState = {
      profile: step.options?.profile ?? { asked: [] },
      looking: { labels: [], rome: [], kinds: [] },
      digitalFirst: step.options?.digitalCheck === true || saysUncomfortableWithComputers(step.options?.text),
      forAdvisor: step.options?.forAdvisor,
    };
    (step.values as { state?: OrientationState }).state = state;
    if (!step.options?.profile) await step.context.sendActivity(TEXT.intro);
    else if (state.digitalFirst) await step.context.sendActivity(TEXT.digitalIntro);
    // What the first message already said ("je veux devenir cariste") counts as what they look for.
    const looking = step.options?.looking ?? this.lookingFor(step.options?.text);
    if (looking.labels.length) state.looking = looking;
    return step.beginDialog(PROFILE_LOOP, state);
  }

  private async digitalFirstStep(step: WaterfallStepContext) {
    const state = this.state(step, step.result as OrientationState);
    if (!state.digitalFirst || state.digital?.done) return step.next();
    // From the results menu the introduction was said when the dialog started again.
    if (!(step.options as OrientationOptions).digitalCheck) await step.context.sendActivity(TEXT.digitalIntro);
    return step.beginDialog(DIGITAL_LOOP, state);
  }

  private async interestStep(step: WaterfallStepContext) {
    const state = this.state(step, step.result as OrientationState | undefined);
    if (state.looking.labels.length) return step.next();
    const choices = [...INTERESTS.slice(0, 6).map((i) => i.label), DONT_KNOW];
    return step.prompt(INTEREST_PROMPT, { prompt: MessageFactory.suggestedActions(choices, TEXT.askInterest) });
  }

  private async readInterestStep(step: WaterfallStepContext) {
    const state = this.state(step);
    if (typeof step.result === 'string') {
      state.looking = this.lookingFor(step.result);
      if (state.looking.labels.length) await step.context.sendActivity(TEXT.interestUnderstood(state.looking.labels));
      if (saysUncomfortableWithComputers(step.result)) state.digitalFirst = true;
    }
    return step.next();
  }

  private async offerDigitalStep(step: WaterfallStepContext) {
    const state = this.state(step);
    if (state.digital?.done) return step.next('no');
    if (state.digitalFirst) return step.next('yes');
    return step.prompt(YES_NO_PROMPT, {
      prompt: MessageFactory.suggestedActions(['Oui', 'Non'], TEXT.offerDigital),
      retryPrompt: MessageFactory.suggestedActions(['Oui', 'Non'], TEXT.yesNoRetry),
    });
  }

  private async digitalStep(step: WaterfallStepContext) {
    const state = this.state(step);
    if (step.result !== 'yes' || state.digital?.done) return step.next();
    await step.context.sendActivity(TEXT.digitalIntro);
    return step.beginDialog(DIGITAL_LOOP, state);
  }

  private async resultsStep(step: WaterfallStepContext) {
    const state = this.state(step, step.result as OrientationState | undefined);
    state.results = await this.find(state);
    state.shown = 0;
    return step.replaceDialog(RESULTS_LOOP, state);
  }

  /** The state of the main waterfall: each sub-dialog returns it, and it is kept in the step values. */
  private state(step: WaterfallStepContext, returned?: OrientationState): OrientationState {
    const values = step.values as { state?: OrientationState };
    if (returned && typeof returned === 'object' && 'profile' in returned) values.state = returned;
    return values.state!;
  }

  // ── Profile ───────────────────────────────────────────────────────────────────────────────────

  private async askProfileStep(step: WaterfallStepContext<OrientationState>) {
    const state = step.options;
    const next = PROFILE_ORDER.find((key) => !state.profile.asked.includes(key));
    if (!next) return step.endDialog(state);
    (step.values as { key?: ProfileKey }).key = next;
    return step.prompt(PROFILE_PROMPT, { prompt: MessageFactory.suggestedActions(PROFILE_CHOICES[next], TEXT.ask[next]), validations: { key: next } });
  }

  private async readProfileStep(step: WaterfallStepContext<OrientationState>) {
    const state = step.options;
    const key = (step.values as { key: ProfileKey }).key;
    const answer = step.result as string;
    state.profile.asked.push(key);
    if (saysUncomfortableWithComputers(answer)) state.digitalFirst = true;
    if (!isSkip(answer)) {
      const read = this.readProfile(key, answer);
      Object.assign(state.profile, read);
      if (read.age === 'under15') {
        // Forgotten when the conversation ends, even if they never reach « Terminer ».
        const { channelId, from, conversation } = step.context.activity;
        await this.personalData.markMinor({ channelId, userId: from.id }, conversation.id);
        await step.context.sendActivity(TEXT.under15);
      }
      if (read.place && !read.place.inMetropole) await step.context.sendActivity(TEXT.outside(read.place.name));
    }
    return step.replaceDialog(PROFILE_LOOP, state);
  }

  private readProfile(key: ProfileKey, text: string): Partial<Profile> {
    switch (key) {
      case 'age': {
        const age = ageBand(text);
        return age ? { age } : {};
      }
      case 'situation': {
        const situation = situationOf(text);
        return situation ? { situation } : {};
      }
      case 'commune': {
        const place = this.understanding.placeAnswer(text);
        return place ? { place } : {};
      }
      case 'distance': {
        const radiusKm = radiusOf(text);
        return radiusKm ? { radiusKm } : {};
      }
      case 'preference': {
        const preference = preferenceOf(text);
        return preference ? { preference } : {};
      }
    }
  }

  private async profileValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const key = (prompt.options.validations as { key: ProfileKey }).key;
    const text = prompt.recognized.value ?? '';
    if (isSkip(text) || Object.keys(this.readProfile(key, text)).length > 0) return true;
    // Whatever the question, "je ne suis pas à l'aise avec l'ordinateur" is worth hearing: noted, and the question goes on.
    if (saysUncomfortableWithComputers(text)) return true;
    await prompt.context.sendActivity(MessageFactory.suggestedActions(PROFILE_CHOICES[key], TEXT.retry[key]));
    return false;
  }

  // ── What they look for ────────────────────────────────────────────────────────────────────────

  private lookingFor(text: string | undefined): Looking {
    // "pas à l'aise avec l'ordinateur" speaks of a difficulty, not of an interest in computers.
    if (!text || normalize(text) === normalize(DONT_KNOW) || saysUncomfortableWithComputers(text)) return { labels: [], rome: [], kinds: [] };
    const chosen = INTERESTS.find((i) => normalize(i.label) === normalize(text));
    const interests = chosen ? [chosen] : findInterests(text);
    const occupations = chosen ? [] : this.understanding.occupationsIn(text);
    const rome = [...new Set([...occupations.map((o) => o.rome ?? o.domain!), ...interests.flatMap((i) => i.rome)])];
    const labels = [...occupations.map((o) => `« ${o.said} »`), ...interests.map((i) => `« ${i.label.toLowerCase()} »`)];
    return { said: text, labels, rome, kinds: [...new Set(interests.flatMap((i) => i.kinds))] };
  }

  private async interestValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    // "Je ne sais pas encore" is an answer: the search then goes by place and profile only.
    if (normalize(text) === normalize(DONT_KNOW) || isDontKnow(text)) {
      prompt.recognized.value = DONT_KNOW;
      return true;
    }
    if (this.lookingFor(text).labels.length || saysUncomfortableWithComputers(text)) return true;
    const choices = [...INTERESTS.slice(0, 6).map((i) => i.label), DONT_KNOW];
    await prompt.context.sendActivity(MessageFactory.suggestedActions(prompt.attemptCount >= 2 ? [...choices, ADVISOR] : choices, TEXT.interestRetry));
    return false;
  }

  // ── Trousseau numérique ───────────────────────────────────────────────────────────────────────

  private async askDigitalStep(step: WaterfallStepContext<OrientationState>) {
    const state = step.options;
    state.digital ??= { answers: [], done: false };
    const index = state.digital.answers.length;
    if (index >= DIGITAL_TOPICS.length) {
      state.digital.done = true;
      return step.endDialog(state);
    }
    const prompt = MessageFactory.suggestedActions(['Oui', 'Un peu', 'Non', SKIP], `${index + 1}/5. ${DIGITAL_TOPICS[index].question}`);
    return step.prompt(DIGITAL_PROMPT, { prompt, retryPrompt: MessageFactory.suggestedActions(['Oui', 'Un peu', 'Non', SKIP], TEXT.digitalRetry) });
  }

  private async readDigitalStep(step: WaterfallStepContext<OrientationState>) {
    const state = step.options;
    state.digital!.answers.push(step.result as DigitalAnswer);
    if (state.digital!.answers.length === DIGITAL_TOPICS.length) {
      const gaps = DIGITAL_TOPICS.filter((_, i) => state.digital!.answers[i] === 'non' || state.digital!.answers[i] === 'un peu');
      const ok = state.digital!.answers.filter((a) => a === 'oui').length;
      await step.context.sendActivity(TEXT.digitalResult(ok, gaps.map((g) => g.topic)));
      if (gaps.length) {
        const offers = await this.digitalHelp(state, gaps.map((g) => g.words));
        if (offers.length) await step.context.sendActivity(offers.map((o) => o.text).join('\n\n'));
        else await step.context.sendActivity(TEXT.nothing(' pour le numérique près de chez vous'));
      }
    }
    return step.replaceDialog(DIGITAL_LOOP, state);
  }

  /** Informal digital-inclusion offers near the person, those on their weakest topics first. */
  private async digitalHelp(state: OrientationState, words: string[]): Promise<ShownOffer[]> {
    const base = this.baseFilters(state);
    const kinds = ['digital_space', 'mediatheque', 'crij_workshop', 'mjc', 'workshop'] as const;
    // Nearest first (the search orders by distance); kept: those about a weak topic or the digital basics.
    const { offers } = await this.search.search({ ...base, kinds: [...kinds], formal: false, limit: 50 });
    const topics = [...words, 'numerique'].map((w) => new RegExp(`\\b${normalize(w)}`));
    const helping = offers.filter((offer) => topics.some((t) => t.test(normalize(`${offer.title} ${offer.description ?? ''}`))));
    return helping.slice(0, 3).map((offer, i) => shown(offer, i, { rome: [], labels: [], kinds: [] }, base.audience));
  }

  // ── Results ───────────────────────────────────────────────────────────────────────────────────

  private baseFilters(state: OrientationState): SearchFilters {
    const { profile } = state;
    const commune = profile.place?.inMetropole && profile.place.insee ? profile.place.insee : undefined;
    return {
      commune,
      radiusKm: commune ? (state.radiusKm ?? profile.radiusKm ?? 10) : undefined,
      audience: audienceOf(profile),
    };
  }

  /**
   * The best offers for the person: formal ones by the ROME codes of what they look for, informal ones
   * by the kinds of places where one can try it (few informal places carry ROME codes), nearest first;
   * both when both fit.
   */
  private async find(state: OrientationState): Promise<ShownOffer[]> {
    const base: SearchFilters = { ...this.baseFilters(state), limit: 30 };
    const { rome, kinds } = state.looking;
    const preference = state.informalOnly ? 'informal' : (state.profile.preference ?? 'both');
    const formal = preference === 'informal' ? [] : (await this.search.search({ ...base, formal: true, rome: rome.length ? rome : undefined })).offers;
    let informal: FoundOffer[] = [];
    if (preference !== 'formal' && (kinds.length || !rome.length || state.informalOnly)) {
      const searched = state.informalOnly || !kinds.length ? [...INFORMAL_KINDS] : kinds;
      informal = (await this.search.search({ ...base, formal: false, kinds: searched })).offers;
      // The kinds in the order the interests give them (FabLabs before MJCs for tinkering), nearest first
      // within each (the sort is stable), then any other informal place.
      const rank = (offer: FoundOffer) => (kinds.includes(offer.kind) ? kinds.indexOf(offer.kind) : kinds.length);
      informal.sort((a, b) => rank(a) - rank(b));
    }
    // Two formal for one informal, alternating, so that the first three show both when both fit.
    const mixed: FoundOffer[] = [];
    while (formal.length || informal.length) {
      for (const take of [formal, formal, informal]) if (take.length) mixed.push(take.shift()!);
    }
    return mixed.map((offer, i) => shown(offer, i, state.looking, base.audience));
  }

  private async showResultsStep(step: WaterfallStepContext<OrientationState>) {
    const state = step.options;
    const results = state.results ?? [];
    const from = state.shown ?? 0;
    const page = results.slice(from, from + 3).map((o, i) => ({ ...o, text: o.text.replace(/^\d+\./, `${from + i + 1}.`) }));
    if (from === 0 && page.length === 0) {
      const where = state.profile.place?.inMetropole ? ` à moins de ${this.baseFilters(state).radiusKm ?? 10} km de ${state.profile.place.name}` : '';
      await step.context.sendActivity(TEXT.nothing(where));
    } else if (page.length === 0) {
      await step.context.sendActivity(TEXT.noMore);
    } else {
      state.shown = from + page.length;
      const what = state.looking.labels.length ? ` pour ${state.looking.labels.join(', ')}` : '';
      await step.context.sendActivity(from === 0 ? TEXT.searching(what) : `Résultats ${from + 1} à ${from + page.length} :`);
      await step.context.sendActivity(page.map((o) => o.text).join('\n\n'));
      if (from === 0 && results.some((o) => o.text.includes(DEMO_MARK))) await step.context.sendActivity(TEXT.demo);
      const saved = await this.saved.get(step.context, { at: '', offers: [] });
      await this.saved.set(step.context, { at: this.understanding.today(), offers: from === 0 ? page : [...saved.offers, ...page] });
    }
    if (state.forAdvisor) return step.endDialog({ summary: describeState(state, 'done') } satisfies GuidedResult);
    return step.prompt(MENU_PROMPT, { prompt: MessageFactory.suggestedActions(this.menu(state), TEXT.menu), retryPrompt: MessageFactory.suggestedActions(this.menu(state), TEXT.menuRetry), validations: { choices: this.menu(state) } });
  }

  private menu(state: OrientationState): string[] {
    const more = (state.results?.length ?? 0) > (state.shown ?? 0) ? [MENU.more] : [];
    const wider = state.profile.place?.inMetropole && (state.radiusKm ?? state.profile.radiusKm ?? 10) < 40 ? [MENU.wider] : [];
    const informal = state.informalOnly ? [] : [MENU.informal];
    const digital = state.digital?.done ? [] : [MENU.digital];
    return [...more, ...wider, ...informal, ...digital, MENU.again, MENU.advisor, MENU.done];
  }

  private async menuStep(step: WaterfallStepContext<OrientationState>) {
    const state = step.options;
    switch (step.result as string) {
      case MENU.more:
        return step.replaceDialog(RESULTS_LOOP, state);
      case MENU.wider:
        state.radiusKm = widened(state.radiusKm ?? state.profile.radiusKm ?? 10);
        break;
      case MENU.informal:
        state.informalOnly = true;
        break;
      case MENU.digital:
        return step.replaceDialog(MAIN, { profile: state.profile, looking: state.looking, digitalCheck: true } satisfies OrientationOptions);
      case MENU.again:
        return step.replaceDialog(MAIN, { profile: state.profile } satisfies OrientationOptions);
      case MENU.advisor:
        // The results stay saved (« mes résultats »); when the advisor hands back, the bot starts afresh.
        await this.askAdvisor(step);
        return step.endDialog();
      default:
        return this.finish(step, state);
    }
    state.results = await this.find(state);
    state.shown = 0;
    return step.replaceDialog(RESULTS_LOOP, state);
  }

  private async finish(step: WaterfallStepContext<OrientationState>, state: OrientationState) {
    if (state.profile.age !== 'under15') {
      await step.context.sendActivity(TEXT.bye);
      return step.endDialog();
    }
    await step.context.sendActivity(TEXT.byeMinor);
    const { channelId, from, conversation } = step.context.activity;
    await this.personalData.erase({ channelId, userId: from.id }, conversation.id);
    step.context.turnState.set(ERASED_THIS_TURN, true);
    return Dialog.EndOfTurn;
  }
}

// ── Small pure helpers ──────────────────────────────────────────────────────────────────────────

const DEMO_MARK = '(exemple de démonstration)';

function ageBand(text: string): AgeBand | undefined {
  const n = normalize(text);
  if (/moins de 15|^- ?de 15/.test(n)) return 'under15';
  if (/^15 a 17/.test(n)) return '15-17';
  if (/^18 a 25/.test(n)) return '18-25';
  if (/^26 ans ou plus|plus de 25|^26 ou plus/.test(n)) return '26+';
  const age = Number(/\b(\d{1,2})\s*(ans?)?\b/.exec(n)?.[1]);
  if (!age || age < 5 || age > 99) return undefined;
  return age < 15 ? 'under15' : age <= 17 ? '15-17' : age <= 25 ? '18-25' : '26+';
}

const SITUATIONS: [Situation, RegExp][] = [
  ['reconversion', /\b(reconversion|reconvertir|me reorienter|reorientation|changer de (metier|voie|travail|boulot))\b/],
  ['demandeur', /\b(recherche d emploi|demandeu(r|se) d emploi|chomage|chomeu(r|se)|sans emploi|france travail|pole emploi|rsa)\b/],
  ['lyceen', /\b(lyceen(ne)?|lycee|college\w*|seconde|premiere|terminale|bac)\b/],
  ['etudiant', /\b(etudiante?|fac|universite|bts|iut|licence|master|ecole)\b/],
  ['salarie', /\b(salariee?|employee?|je travaille|en poste|en cdi|en cdd|interim\w*)\b/],
  ['autre', /^autre\b/],
];

function situationOf(text: string): Situation | undefined {
  const n = normalize(text);
  return SITUATIONS.find(([, cue]) => cue.test(n))?.[0];
}

/** "Chercher plus loin": by at least 10 km, up to 40 (the Métropole is about 40 km across). */
function widened(radiusKm: number): number {
  return Math.min(40, Math.max(radiusKm * 2, radiusKm + 10));
}

function radiusOf(text: string): number | undefined {
  const n = normalize(text);
  if (/\b(transports? en commun|tcl|bus|tram|metro)\b/.test(n)) return 15;
  if (/\b(pas loin|a cote|a pied|pres de chez moi|dans mon quartier)\b/.test(n)) return 3;
  if (/\b(velo)\b/.test(n)) return 8;
  if (/\b(voiture|partout|n importe ou|toute la metropole)\b/.test(n)) return 30;
  const km = Number(/\b(\d{1,3})\s*(km|kilometres?)?\b/.exec(n)?.[1]);
  return km >= 1 && km <= 200 ? km : undefined;
}

function preferenceOf(text: string): Preference | undefined {
  const n = normalize(text);
  if (/\b(les deux|tout|peu importe|les 2)\b/.test(n)) return 'both';
  if (/\b(autrement|atelier|fablab|mediatheque|informel\w*|lieu|mjc)\b/.test(n)) return 'informal';
  if (/\b(formation|diplome|certification|cap|bts|titre)\b/.test(n)) return 'formal';
  return undefined;
}

function audienceOf(profile: Profile): Audience | undefined {
  if (profile.situation === 'demandeur') return 'job_seekers';
  if (profile.situation === 'salarie' || profile.situation === 'reconversion') return 'employees';
  if (profile.age === '15-17' || profile.age === '18-25' || profile.situation === 'lyceen' || profile.situation === 'etudiant') return 'youth_16_25';
  return undefined;
}


const KIND_LABELS: Record<FoundOffer['kind'], string> = {
  diploma: 'diplôme',
  certification: 'certification',
  cqp: 'CQP',
  training_course: 'formation',
  workshop: 'atelier',
  fablab: 'FabLab',
  mobile_fablab: 'FabLab mobile',
  mediatheque: 'médiathèque',
  mjc: 'MJC',
  digital_space: 'espace numérique',
  crij_workshop: 'atelier du CRIJ',
};

/** One result as the person sees it: what, who, why it was chosen, how to sign up. */
function shown(offer: FoundOffer, index: number, looking: Pick<Looking, 'rome' | 'labels' | 'kinds'>, audience?: Audience): ShownOffer {
  const why: string[] = [];
  if (offer.matched.rome.length && looking.labels.length) why.push(`correspond à ${looking.labels.join(', ')}`);
  else if (!offer.formal && looking.kinds.includes(offer.kind) && looking.labels.length) why.push(`un lieu pour ${looking.labels.join(', ')}`);
  const km = offer.place?.distanceKm;
  const town = offer.place?.communeName ? ` (${offer.place.communeName})` : '';
  if (km != null) why.push(km < 1 ? `à moins d’1 km${town}` : `à ${String(km).replace('.', ',')} km${town}`);
  else if (offer.modality === 'distance') why.push('à distance');
  else if (offer.place?.communeName) why.push(offer.place.communeName);
  if (offer.free) why.push('gratuit');
  else if (offer.cpf) why.push('finançable par le CPF');
  else if (offer.fundingPossible) why.push('financement possible');
  if (offer.nextSession?.start) why.push(`${offer.nextSession.recruitment === 'open' ? 'prochaine session' : 'session (inscriptions fermées)'} le ${frenchDay(offer.nextSession.start)}`);
  else if (!offer.formal) why.push('ouvert toute l’année');
  if (audience === 'youth_16_25' && offer.audiences.includes('youth_16_25')) why.push('pour les 16–25 ans');
  else if (audience === 'job_seekers' && offer.audiences.includes('job_seekers')) why.push('pour les demandeurs d’emploi');
  const who = offer.provider ? ` — ${offer.provider.name}` : '';
  const signUp = [offer.signUp, offer.url, offer.provider?.contact].filter(Boolean).join(' · ');
  const lines = [
    `${index + 1}. ${offer.title}${who} (${KIND_LABELS[offer.kind]})${offer.demo ? ` ${DEMO_MARK}` : ''}`,
    `   Pourquoi : ${why.join(' · ') || 'près de chez vous'}`,
  ];
  if (signUp) lines.push(`   S’inscrire : ${signUp}`);
  return { id: offer.id, text: lines.join('\n'), formal: offer.formal };
}

async function yesNoValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const text = prompt.recognized.value ?? '';
  if (isYes(text)) prompt.recognized.value = 'yes';
  else if (isNo(text)) prompt.recognized.value = 'no';
  else return false;
  return true;
}

async function digitalValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const text = prompt.recognized.value ?? '';
  const n = normalize(text);
  const answer: DigitalAnswer | undefined = isSkip(text)
    ? 'passer'
    : /^(un peu|moyen(nement)?|plus ou moins|ca depend|parfois|pas trop|pas vraiment|pas tres bien|bof)$/.test(n)
      ? 'un peu'
      : isYes(text) || /^(oui (je sais|sans probleme|facilement)|je sais|sans probleme|facile(ment)?)$/.test(n)
        ? 'oui'
        : isNo(text) || isDontKnow(text) || /^(non (jamais|pas du tout))$/.test(n)
          ? 'non'
          : undefined;
  if (!answer) return false;
  prompt.recognized.value = answer;
  return true;
}

async function menuValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const { choices } = prompt.options.validations as { choices: string[] };
  const text = prompt.recognized.value ?? '';
  const n = normalize(text);
  const byName = choices.find((c) => normalize(c) === n);
  const byNumber = choiceIndex(text, choices.length);
  const byWords =
    /\b(plus|encore|autres?|suite|suivants?)\b/.test(n) && choices.includes(MENU.more) ? MENU.more
    : /\b(loin|elargi\w*|plus large)\b/.test(n) && choices.includes(MENU.wider) ? MENU.wider
    : asksForAdvisor(text) ? MENU.advisor
    : /^(merci|c est bon|termine[rz]?|fini|au revoir|bye|ca ira|non merci|stop)\b/.test(n) ? MENU.done
    : undefined;
  const picked = byName ?? (byNumber !== undefined ? choices[byNumber] : byWords);
  if (!picked) return false;
  prompt.recognized.value = picked;
  return true;
}


// ── For an advisor ──────────────────────────────────────────────────────────────────────────────

const AGE_LABELS: Record<AgeBand, string> = { under15: 'moins de 15 ans', '15-17': '15 à 17 ans', '18-25': '18 à 25 ans', '26+': '26 ans ou plus' };
const SITUATION_LABELS: Record<Situation, string> = {
  lyceen: 'lycéen·ne',
  etudiant: 'étudiant·e',
  demandeur: 'en recherche d’emploi',
  salarie: 'salarié·e',
  reconversion: 'en reconversion',
  autre: 'autre',
};
const PREFERENCE_LABELS: Record<Preference, string> = { formal: 'une formation', informal: 'apprendre autrement', both: 'les deux' };
const DIGITAL_LABELS: Record<DigitalAnswer, string> = { oui: 'à l’aise', 'un peu': 'un peu', non: 'pas à l’aise', passer: 'pas répondu' };

/** For an advisor: the orientation so far, when `value` is this dialog's state (see dialogs/handover.ts). */
export function summarizeOrientation(value: unknown): string | undefined {
  const state = value as Partial<OrientationState>;
  if (typeof state.profile !== 'object' || !Array.isArray(state.profile?.asked) || typeof state.looking !== 'object') return undefined;
  return describeState(state as OrientationState, 'inProgress');
}

function describeState(state: OrientationState, stage: 'inProgress' | 'done'): string {
  const { profile, looking, digital } = state;
  const facts = [
    profile.age && `âge : ${AGE_LABELS[profile.age]}`,
    profile.situation && `situation : ${SITUATION_LABELS[profile.situation]}`,
    profile.place && `commune : ${profile.place.name}`,
    profile.radiusKm && `jusqu’à ${profile.radiusKm} km`,
    profile.preference && `cherche : ${PREFERENCE_LABELS[profile.preference]}`,
  ].filter(Boolean);
  const lines = [
    stage === 'done' ? 'Questionnaire d’orientation terminé.' : 'Questionnaire d’orientation en cours.',
    `Profil : ${facts.length ? facts.join(' ; ') : 'rien de dit pour l’instant'}.`,
    `Intérêts : ${looking.said ? `« ${looking.said} »${looking.labels.length ? ` (compris : ${looking.labels.join(', ')})` : ''}` : 'pas encore dits'}.`,
  ];
  if (digital?.answers.length) {
    lines.push(`Numérique : ${digital.answers.map((answer, i) => `${DIGITAL_TOPICS[i].topic} : ${DIGITAL_LABELS[answer]}`).join(' ; ')}.`);
  }
  const shownOffers = (state.results ?? []).slice(0, state.shown ?? 0);
  if (shownOffers.length) lines.push('Propositions montrées :', ...shownOffers.map((o) => o.text));
  else if (state.results) lines.push('Aucune proposition trouvée.');
  return lines.join('\n');
}
