// What a person likes or wants to do, said in their own words ("j'aime bricoler", "travailler avec
// des enfants", "le numérique"), placed in the ROME referential for the search. Occupations named
// outright ("devenir cariste") go through the ROME index (occupations.ts); this table covers the
// interests that name no occupation. Each entry: the cue, the ROME fiches (or domain letters) it
// leads to, the informal kinds of places where one can try it, and why, in a comment.
import type { OfferKind } from '../offers/types';
import { normalize } from './normalize';

export interface Interest {
  id: string;
  /** A short French label, for buttons and for saying what was understood. */
  label: string;
  cue: RegExp;
  rome: string[];
  kinds: OfferKind[];
}

export const INTERESTS: Interest[] = [
  // Making and repairing: building trades (F), industry (H), maintenance and mechanics (I); FabLabs and repair cafés.
  { id: 'bricoler', label: 'Bricoler, fabriquer, réparer', cue: /\b(bricol\w*|fabriqu\w*|repar\w*|construi\w*|montage|mecanique|travail(ler)? (de|avec) (mes|ses|les) mains|manuel(le)?s?|outils?|impression 3d|imprimante 3d|bois|menuiserie|soudure|electronique)\b/, rome: ['F', 'H', 'I'], kinds: ['fablab', 'mobile_fablab'] },
  // Children: early childhood (K1202, K1303, J1304) and leisure activities (G1203, where the BAFA leads).
  { id: 'enfants', label: 'Travailler avec des enfants', cue: /\b(enfants?|petite enfance|bebes?|creche|ecole|animat(eur|rice|ion)|colo(nie)?s?|centre de loisirs|bafa)\b/, rome: ['K1202', 'K1303', 'J1304', 'G1203'], kinds: ['crij_workshop', 'mjc'] },
  // Helping and caring: social work (K12), personal assistance (K13), care (J15).
  { id: 'aider', label: 'Aider les autres, prendre soin', cue: /\b(aider|aide aux|prendre soin|social(e)?|solidari\w*|personnes agees|handicap\w*|soins?|soign\w*|sante|hopital|ehpad|infirmi\w*|accompagner)\b/, rome: ['K1201', 'K1207', 'K1301', 'K1302', 'K1304', 'J1501', 'J1506'], kinds: ['crij_workshop'] },
  // Digital: IT (M18xx), multimedia creation (E1104, E1205), and public digital spaces to start with.
  { id: 'numerique', label: 'Le numérique', cue: /\b(numerique|informatique|ordinateurs?|internet|web|coder|code|coding|programm\w*|developp\w*|jeux? video|gaming|reseaux sociaux|video|montage video|graphisme|design|tech)\b/, rome: ['M1801', 'M1802', 'M1805', 'M1806', 'M1810', 'E1104', 'E1205'], kinds: ['digital_space', 'fablab', 'mediatheque'] },
  // Cooking: kitchen and restaurants (G16xx), food trades (D1101–D1104).
  { id: 'cuisine', label: 'Cuisiner', cue: /\b(cuisin\w*|patisser\w*|boulang\w*|restaura\w*|gastronomie|traiteur|chocolat\w*)\b/, rome: ['G1602', 'G1603', 'D1102', 'D1104'], kinds: ['workshop', 'mjc'] },
  // Sport and movement: sports education (G1204).
  { id: 'sport', label: 'Le sport, bouger', cue: /\b(sports?|sporti\w*|bouger|foot(ball)?|basket|danse|fitness|coach\w*|athletisme|natation)\b/, rome: ['G1204'], kinds: ['mjc'] },
  // Nature and animals: domain A (agriculture, green spaces, animal care).
  { id: 'nature', label: 'La nature, les animaux', cue: /\b(nature|animaux|animal|jardin\w*|plantes?|espaces verts|agricult\w*|paysag\w*|environnement|ecologi\w*)\b/, rome: ['A'], kinds: ['workshop'] },
  // Creating: arts and crafts (B), performing arts (L), image and sound (E12).
  { id: 'creer', label: 'Créer : art, musique, image', cue: /\b(art|arts|artisti\w*|dessin\w*|peindre|peinture|musique|musicien\w*|chant\w*|theatre|photo\w*|cinema|creati\w*|couture|mode)\b/, rome: ['B', 'L', 'E1201', 'E1205'], kinds: ['mjc', 'fablab', 'mediatheque'] },
  // Selling and meeting people: trade (D).
  { id: 'vendre', label: 'Vendre, conseiller des clients', cue: /\b(vend\w*|vente|commerce|commercial\w*|magasin|boutique|clients?|caisse)\b/, rome: ['D'], kinds: [] },
  // Driving and logistics: domain N.
  { id: 'conduire', label: 'Conduire, la logistique', cue: /\b(conduire|conduite|chauffeur|camions?|permis|logisti\w*|livr\w*|transport\w*|entrepot)\b/, rome: ['N'], kinds: [] },
];

/** "je ne suis pas à l'aise avec l'ordinateur", "internet c'est compliqué pour moi": the digital self-check comes first. */
const DIGITAL_DISCOMFORT =
  /\b(pas (tres |trop |du tout )?a l aise|pas (tres |trop )?doue(e)?|nul(le)?|perdu(e)?|galere|du mal|pas (l )?habitude|je ne sais pas|je sais pas|jamais|compliqu\w*|difficile|peur)\b.{0,40}\b(ordi(nateur)?s?|informatique|internet|numerique|ecrans?|telephone|smartphone|mails?|e ?mails?|en ligne|tablette)\b|\b(ordi(nateur)?s?|informatique|internet|numerique|en ligne|demarches|mails?|e ?mails?)\b.{0,30}\b(pas (mon|ma) truc|compliqu\w*|difficile|galere|je comprends rien|c est dur)\b/;

export function saysUncomfortableWithComputers(text: string | undefined): boolean {
  return !!text && DIGITAL_DISCOMFORT.test(normalize(text));
}

/** The interests a text names, in table order. */
export function findInterests(text: string | undefined): Interest[] {
  if (!text) return [];
  const n = normalize(text);
  return INTERESTS.filter((interest) => interest.cue.test(n));
}

export function interestById(id: string): Interest | undefined {
  return INTERESTS.find((i) => i.id === id);
}
