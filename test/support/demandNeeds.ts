// Needs as the demand tests record them: a fiche, a headcount, a commune and a deadline some days ahead.
import type { CompleteNeed } from '../../services/needs';

const DAY_MS = 24 * 60 * 60 * 1000;
export const inDays = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);

export const PLACES = {
  venissieux: { said: 'Vénissieux', insee: '69259', name: 'Vénissieux', inMetropole: true },
  bron: { said: 'Bron', insee: '69029', name: 'Bron', inMetropole: true },
  villeurbanne: { said: 'Villeurbanne', insee: '69266', name: 'Villeurbanne', inMetropole: true },
  villefranche: { said: 'Villefranche', insee: '69264', name: 'Villefranche-sur-Saône', inMetropole: false },
};

export const FICHES: Record<string, string> = {
  N1101: 'Conduite d’engins de déplacement des charges',
  H2913: 'Soudage manuel',
  M1805: 'Études et développement informatique',
  F1703: 'Maçonnerie',
  G1602: 'Personnel de cuisine',
};

export function need(said: string, rome: string, domain: string, headcount: number, place: CompleteNeed['place'], endInDays: number): CompleteNeed {
  return {
    description: `${headcount} ${said} à ${place.name}`,
    occupation: { said, rome, romeLabel: FICHES[rome], domain, domainLabel: null, confidence: 0.9 },
    headcount: { said: String(headcount), value: headcount, approximate: false },
    deadline: { said: 'dans quelques mois', start: null, end: inDays(endInDays), urgent: false },
    place,
    modality: null,
  };
}
