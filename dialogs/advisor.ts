// « Parler à un conseiller » while a question is open: the person is told what happens, and the
// question is asked again (the handoff issue will put the conversation in an advisor's queue here).
import type { PromptValidatorContext } from 'botbuilder-dialogs';
import { asksForAdvisor } from '../services/understanding/commands';

export async function offerAdvisorIfAsked(prompt: PromptValidatorContext<string>, message: string): Promise<boolean> {
  if (!asksForAdvisor(prompt.recognized.value)) return false;
  await prompt.context.sendActivity(message);
  if (prompt.options.prompt) await prompt.context.sendActivity(prompt.options.prompt);
  return true;
}
