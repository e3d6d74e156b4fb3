// Short answers every dialog hears: yes, no, skip, don't know. Whole (normalised) messages only, so that
// "non, plutôt 6 personnes" is a correction, not a no.
import { normalize } from './normalize';

const YES =
  /^(oui|ouais|ouep|yes|ok|okay|d accord|dac|c est bon|c est ca|c est parfait|parfait|exact|exactement|correct|tout est bon|tout est correct|nickel|impeccable|valider|valide|validez|confirmer|confirme|confirmez|enregistrer|enregistre|enregistrez|bien sur|volontiers|avec plaisir|absolument|tout a fait|pourquoi pas|allez|go)( (c est bon|c est ca|parfait|merci|enregistrer|enregistrez|enregistre|valider|vous pouvez enregistrer|tu peux enregistrer|svp|s il vous plait))*$/;
const NO = /^(non|nan|no|pas du tout|pas vraiment|pas tout a fait|non merci|surtout pas|pas d accord|jamais|pas maintenant|plus tard|pas besoin|ca ira)$/;
const SKIP = /^(\/passer|passer|passe|je passe|on passe|suivant|skip|pas maintenant|plus tard|je prefere ne pas (le )?dire|pas envie de (le )?dire)$/;
const DONT_KNOW = /^(je (ne )?sais pas|j sais pas|sais pas|ne sais pas|aucune idee|pas d idee|rien de special|n importe)/;

export const isYes = (text: string): boolean => YES.test(normalize(text));
export const isNo = (text: string): boolean => NO.test(normalize(text));
/** « passer » and its kin: the person leaves an optional question unanswered. */
export const isSkip = (text: string): boolean => SKIP.test(normalize(text));
/** "je ne sais pas", "aucune idée"… (at the start of the message). */
export const isDontKnow = (text: string): boolean => DONT_KNOW.test(normalize(text));
