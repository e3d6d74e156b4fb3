import { normalize } from './normalize';

/** A message that only says hello ("Bonjour !", "salut à vous", "bonsoir madame"): small talk, not an answer. */
export function isGreetingOnly(text: string | undefined): boolean {
  return /^(re)?(bonjour|bonsoir|salut|coucou|hello|hey|yo|bjr|slt|cc)( (a (tous|toutes|vous|toi)|madame|monsieur|le bot|blablaform))?$/.test(normalize(text ?? ''));
}
