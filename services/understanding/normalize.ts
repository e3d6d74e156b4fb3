/** Lower case, no accents, apostrophes and punctuation as spaces, single spaces: the form every lookup compares. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`´]/g, ' ')
    .replace(/[^a-z0-9@/]+/g, ' ')
    .trim();
}

/** True when `phrase` (already normalised) occurs in `text` (already normalised) as whole words. */
export function hasPhrase(text: string, phrase: string): boolean {
  return ` ${text} `.includes(` ${phrase} `);
}
