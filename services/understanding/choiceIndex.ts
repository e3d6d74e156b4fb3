// "2", "le 2", "numéro 3", "la deuxième", "1er": which item of a numbered list was picked.
// A small rule instead of the recognizers-text number models, which cost seconds to build.
import { normalize } from './normalize';

const ORDINALS = ['premier|premiere|1er|1ere|un|une', 'deuxieme|second|seconde|2e|2eme|deux', 'troisieme|3e|3eme|trois', 'quatrieme|4e|4eme|quatre', 'cinquieme|5e|5eme|cinq', 'sixieme|6e|6eme|six', 'septieme|7e|7eme|sept', 'huitieme|8e|8eme|huit', 'neuvieme|9e|9eme|neuf'];

/** The 0-based index of the item picked among `count`, or undefined. */
export function choiceIndex(text: string | undefined, count: number): number | undefined {
  if (!text) return undefined;
  const words = normalize(text)
    .replace(/\b(le|la|l|numero|num|no|n|choix|reponse|option|c est|plutot)\b/g, ' ')
    .trim()
    .split(/\s+/);
  if (words.length !== 1) return undefined;
  const [word] = words;
  const index = /^\d+$/.test(word) ? Number(word) - 1 : ORDINALS.findIndex((o) => new RegExp(`^(${o})$`).test(word));
  return index >= 0 && index < count ? index : undefined;
}
