// Where the needs are, as every demand query filters it: anywhere, the Métropole, outside it, or one
// commune (Lyon 69123 with its arrondissements).
import type { Prisma as Db } from '../../prisma/generated/client';
import type { Territory } from './types';

export const LYON = '69123';
const LYON_ARRONDISSEMENTS = Array.from({ length: 9 }, (_, i) => `6938${i + 1}`);

/**
 * "all" (or nothing), "metropole", "outside" or an INSEE code (Lyon 69123 includes its arrondissements);
 * undefined otherwise (the stats, the gap, the pools and the dashboard all read it here).
 */
export function parseTerritory(value: string): Territory | undefined {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'all') return { kind: 'all' };
  if (v === 'metropole' || v === 'outside') return { kind: v };
  const insee = v.toUpperCase();
  return /^(\d{5}|2[AB]\d{3})$/.test(insee) ? { kind: 'commune', insee } : undefined;
}

/** The INSEE codes a commune territory stands for: Lyon is also its arrondissements. */
export function territoryCommunes(insee: string): string[] {
  return insee === LYON ? [LYON, ...LYON_ARRONDISSEMENTS] : [insee];
}

// The Métropole and outside it are known communes on either side; a need whose commune is unknown
// (a postcode shared by several communes, a département) is only in « all ».

/** Whether a place (a need's commune) is in the territory. */
export function inTerritory(territory: Territory, place: { insee: string | null; inMetropole: boolean }): boolean {
  switch (territory.kind) {
    case 'all':
      return true;
    case 'metropole':
      return place.insee !== null && place.inMetropole;
    case 'outside':
      return place.insee !== null && !place.inMetropole;
    case 'commune':
      return place.insee !== null && territoryCommunes(territory.insee).includes(place.insee);
  }
}

/** The territory as a filter on the needs. */
export function needsInTerritory(territory: Territory): Db.NeedWhereInput {
  switch (territory.kind) {
    case 'all':
      return {};
    case 'metropole':
      return { inMetropole: true, communeInsee: { not: null } };
    case 'outside':
      return { inMetropole: false, communeInsee: { not: null } };
    case 'commune':
      return { communeInsee: { in: territoryCommunes(territory.insee) } };
  }
}

