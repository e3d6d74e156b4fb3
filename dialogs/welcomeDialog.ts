// First contact: greet, say plainly that this is an automated assistant, point to the privacy notice,
// and find out who the person is. Each role then goes to its own dialog.
import { MessageFactory, type StatePropertyAccessor } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  ListStyle,
  WaterfallDialog,
  type Choice,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { choiceIndex } from '../services/understanding/choiceIndex';
import { isGreetingOnly } from '../services/understanding/greeting';
import { recognizeRole, type Role } from '../services/understanding/role';
import type { Profile } from './profile';

export const WELCOME_DIALOG = 'welcomeDialog';
const ROLE_PROMPT = 'rolePrompt';
const WATERFALL = 'welcomeWaterfall';

/** How the dialog was started: the message that opened it may already say who the person is. */
export interface WelcomeOptions {
  text?: string;
}

/** Who the person is, and the message that said it (it may already describe a need). */
export interface WelcomeResult {
  role: Role;
  text?: string;
}

const ROLE_CHOICES: Record<Role, Choice> = {
  entreprise: { value: 'Entreprise', synonyms: ['une entreprise', 'employeur'] },
  personne: { value: 'Je cherche une formation', synonyms: ['personne', 'formation', 'orientation'] },
  conseiller: { value: 'Conseiller ou conseillère', synonyms: ['conseiller', 'conseillère'] },
};
const ROLES = Object.keys(ROLE_CHOICES) as Role[];

export const TEXT = {
  greeting:
    'Bonjour ! Je suis BlablaForm, un assistant automatique (un robot, pas une personne) ' +
    'qui aide les entreprises de la Métropole de Lyon à exprimer leurs besoins de formation, ' +
    'et chacun à trouver une formation ou une orientation près de chez soi.',
  privacy: 'Je garde nos échanges pour pouvoir vous répondre : écrivez « confidentialité » pour savoir quoi, combien de temps et comment tout effacer.',
  askRole: 'Pour commencer, vous êtes :',
  askRoleAgain: 'Que souhaitez-vous faire ? Vous êtes :',
  helloAgain: 'Bonjour ! Pour que je puisse vous aider, dites-moi qui vous êtes :',
  notUnderstood: 'Je n’ai pas bien compris. Êtes-vous une entreprise, une personne qui cherche une formation ou une orientation, ou un conseiller ?',
  offerChoices:
    'Je n’ai toujours pas compris, excusez-moi. Choisissez une réponse ou tapez son numéro :\n' +
    ROLES.map((r, i) => `${i + 1}. ${ROLE_CHOICES[r].value}`).join('\n') +
    '\nVous pouvez aussi écrire « aide ».',
  advisorRole:
    'Bonjour ! Les conseillers et conseillères du CRIJ travaillent depuis la console, la page /console de ce service, ' +
    'avec le compte que l’équipe BlablaForm leur a créé. Ils y prennent les conversations qu’on leur transmet, me confient ' +
    'un questionnaire d’orientation, un point sur le numérique ou la description d’un besoin de formation, puis reprennent la main.',
  after: 'Écrivez-moi quand vous voulez : « aide » pour savoir ce que je sais faire.',
};

export class WelcomeDialog extends ComponentDialog {
  /**
   * @param profile what is known of the person (user state)
   * @param greeted whether this conversation has had the greeting (conversation state): every new
   *   conversation says again that this is an automated assistant.
   */
  constructor(
    private readonly profile: StatePropertyAccessor<Profile>,
    private readonly greeted: StatePropertyAccessor<boolean>,
  ) {
    super(WELCOME_DIALOG);
    // Numbers and ordinals are read by choiceIndex: the prompt's own number models take seconds to build.
    this.addDialog(new ChoicePrompt(ROLE_PROMPT, roleValidator, 'fr-fr', undefined));
    (this.findDialog(ROLE_PROMPT) as ChoicePrompt).recognizerOptions = { recognizeNumbers: false, recognizeOrdinals: false };
    this.addDialog(
      new WaterfallDialog(WATERFALL, [this.greetStep.bind(this), this.roleStep.bind(this), this.routeStep.bind(this)]),
    );
    this.initialDialogId = WATERFALL;
  }

  private async greetStep(step: WaterfallStepContext<WelcomeOptions>) {
    if (!(await this.greeted.get(step.context, false))) {
      await step.context.sendActivities([MessageFactory.text(TEXT.greeting), MessageFactory.text(TEXT.privacy)]);
      await this.greeted.set(step.context, true);
      (step.values as { firstContact?: boolean }).firstContact = true;
    }
    return step.next();
  }

  private async roleStep(step: WaterfallStepContext<WelcomeOptions>) {
    const said = recognizeRole(step.options?.text);
    if (said) return step.next(said);
    return step.prompt(ROLE_PROMPT, {
      prompt: (step.values as { firstContact?: boolean }).firstContact ? TEXT.askRole : TEXT.askRoleAgain,
      choices: ROLES.map((r) => ROLE_CHOICES[r]),
      style: ListStyle.suggestedAction,
    });
  }

  private async routeStep(step: WaterfallStepContext<WelcomeOptions>) {
    const role = typeof step.result === 'string' ? (step.result as Role) : roleOfChoice(step.result as FoundChoice)!;
    const profile = await this.profile.get(step.context, {});
    await this.profile.set(step.context, { ...profile, role });
    // Companies go on to describe their needs, people to their orientation (the root dialog starts
    // both); advisors work from the console, and are told where.
    if (role === 'conseiller') {
      await step.context.sendActivities([MessageFactory.text(TEXT.advisorRole), MessageFactory.text(TEXT.after)]);
    }
    return step.endDialog({ role, text: step.context.activity.text } satisfies WelcomeResult);
  }
}

function roleOfChoice(found: FoundChoice | undefined): Role | undefined {
  return found ? ROLES.find((r) => ROLE_CHOICES[r].value === found.value) : undefined;
}

/** Free text first ("je suis RH"), then the buttons or their numbers; after two misses, the choices spelled out. */
async function roleValidator(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
  const { text } = prompt.context.activity;
  const picked = choiceIndex(text, ROLES.length);
  const role = recognizeRole(text) ?? roleOfChoice(prompt.recognized.value) ?? (picked === undefined ? undefined : ROLES[picked]);
  if (role) {
    prompt.recognized.value = { value: ROLE_CHOICES[role].value, index: ROLES.indexOf(role), score: 1 };
    return true;
  }
  const labels = ROLES.map((r) => ROLE_CHOICES[r].value);
  if (isGreetingOnly(text)) {
    await prompt.context.sendActivity(MessageFactory.suggestedActions(labels, TEXT.helloAgain));
    return false;
  }
  await prompt.context.sendActivity(
    prompt.attemptCount < 2
      ? MessageFactory.suggestedActions(labels, TEXT.notUnderstood)
      : MessageFactory.suggestedActions([...labels, 'Aide'], TEXT.offerChoices),
  );
  return false;
}
