// How the training is to be given, when the person says it: in person, remotely, or both.
import { mentionAt, type Mention, type Normalized } from './normalize';

export type Modality = 'presentiel' | 'distance' | 'mixte';

export interface ModalityMatch extends Mention {
  value: Modality;
}

// "sur site" alone means in person (at the company); "sur notre site de Vénissieux" only says where.
const CUES: [Modality, RegExp][] = [
  ['mixte', /\b(mixte|hybride|blended|multimodale?|en partie a distance|partiellement a distance|(presentiel|presence) (et|ou|\+) (a )?distance|distanciel (et|ou|\+) presentiel|a distance (et|ou|\+) (en )?presentiel)\b/g],
  ['distance', /\b(a distance|distanciel(le)?|en distanciel|en ligne|e ?learning|visio(conference)?s?|en visio|teams|zoom|foad|webinaires?|classe virtuelle|remote|teleformation|100 ?% en ligne|depuis (la maison|chez soi|chez eux))\b/g],
  ['presentiel', /\b(presentiel(le)?|en presence|sur site|sur place|dans nos locaux|dans (les|nos) locaux|en salle|en intra|intra entreprise|face a face)\b/g],
];

/** Modalities said in the text, in text order; overlapping cues keep the broadest ("présentiel et à distance" is mixte). */
export function findModalities(n: Normalized): ModalityMatch[] {
  const found: { value: Modality; start: number; end: number }[] = [];
  for (const [value, cue] of CUES) {
    for (const m of n.text.matchAll(cue)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (!found.some((f) => f.start < end && start < f.end)) found.push({ value, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start).map((f) => ({ ...mentionAt(n, f.start, f.end), value: f.value }));
}

export const MODALITY_LABELS: Record<Modality, string> = {
  presentiel: 'en présentiel',
  distance: 'à distance',
  mixte: 'mixte (présentiel et à distance)',
};
