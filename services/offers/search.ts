// Searching the catalogue, for the HTTP API and the orientation dialog.
//
// What matches (filters combine with AND):
// - `q`: every word of the query (normalised as everywhere else: lower case, no accents; a few French
//   stop words such as "de", "la", "pour" dropped) starts a word of the title or the description:
//   "electricite" finds "Électricité", "soud" finds "soudure", "art" does not find "partir".
// - `rome`: one of the offer's ROME codes is one of the fiche codes asked for ("N1101") or in one of
//   the domains asked for ("N").
// - `commune` + `radiusKm`: one of the offer's places is within the radius of the commune's town hall
//   (services/offers/geo.ts). A place without coordinates is taken at its own commune's town hall when
//   its commune is in the Métropole. Offers given only at a distance (modality 'distance') match any
//   radius, with no distance. `commune` alone orders by distance without filtering. An unknown commune
//   is a SearchFilterError, never an empty answer.
// - `audience`: the offer is for that audience or for 'everyone'; an offer that names no audience is
//   taken as open to everyone.
// - `kinds`, `formal`, `modality`, `free`: equal to what is asked (modality 'mixte' is not 'distance').
// - `startsBefore`: the offer has a session open for recruitment starting between today (Europe/Paris)
//   and that date inclusive, or has no session at all (workshops and FabLabs are open all year).
//
// Order, for the dialog: offers with a ROME fiche code asked for, then those matching only by domain;
// then by distance of the nearest place (no distance last); then by the next session's start (none
// last); then by title and id, so that pages are stable.
//
// The next session is the earliest one starting today or later that is open for recruitment, else an
// open one without dates (permanent entry), else the earliest closed or suspended one to come. Past
// sessions never count.
//
// How: the database filters (kinds, audience, free, modality, ROME codes, words, sessions, and a
// bounding box around the commune) and finds each offer's next session; the exact distances, the order
// and the page are done here, and only the page's offers are loaded whole. The SQL is plain PostgreSQL
// with no extension, so PGlite and PostgreSQL answer the same.
import { Prisma as Sql, type Recruitment as DbRecruitment } from '../../prisma/generated/client';
import type { Prisma } from '../database';
import { normalize } from '../understanding/normalize';
import { parisToday } from '../understanding/deadline';
import { communeCentre, distanceKm, knownCommunes, type LatLon } from './geo';
import { audienceFromDb, audienceToDb, kindFromDb, kindToDb, modalityFromDb, modalityToDb, recruitmentFromDb } from './catalogue';
import type { FoundOffer, OfferSearch, SearchFilters, SearchResult } from './types';
import { isCalendarDay } from '../calendarDay';

/** A filter the search cannot apply (unknown commune, radius without commune…), with the filter's name. */
export class SearchFilterError extends Error {
  constructor(
    readonly filter: keyof SearchFilters,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_LIMIT = 20;

const STOP_WORDS = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'un', 'une', 'pour', 'sur', 'avec', 'dans', 'par', 'ou']);

// How a word of the query is found in the database, accents and case folded as normalize() folds
// them for French (Latin-1 letters, œ and æ): each letter stands for its variants, and the word must
// start after something that is not a letter or digit. PostgreSQL's regular expressions work on code
// points here (no locale-dependent class or case folding), so PGlite and PostgreSQL agree.
const VARIANTS: Record<string, string> = {
  a: 'aàâäáãåAÀÂÄÁÃÅ', c: 'cçCÇ', e: 'eéèêëEÉÈÊË', i: 'iíìîïIÍÌÎÏ', n: 'nñNÑ', o: 'oóòôöõOÓÒÔÖÕ', u: 'uúùûüUÚÙÛÜ', y: 'yýÿYÝŸ',
};
const WORD_CHARS = `a-zA-Z0-9@/${Object.values(VARIANTS).join('').replace(/[a-zA-Z]/g, '')}œæŒÆ`;

function wordPattern(word: string): string {
  const letter = (c: string) => (/[a-z]/.test(c) ? `[${VARIANTS[c] ?? c + c.toUpperCase()}]` : c);
  let pattern = `(^|[^${WORD_CHARS}])`;
  for (let i = 0; i < word.length; i++) {
    const pair = word.slice(i, i + 2);
    if (pair === 'oe' || pair === 'ae') {
      pattern += `(${letter(pair[0])}${letter('e')}|${pair === 'oe' ? 'œ|Œ' : 'æ|Æ'})`;
      i++;
    } else pattern += letter(word[i]);
  }
  return pattern;
}

/** One row of the candidates query (see candidatesQuery). */
type Candidate = [
  id: string,
  title: string,
  romeCodes: string[],
  modality: string | null,
  places: Place[] | null,
  nextStart: string | null,
  nextEnd: string | null,
  nextRecruitment: DbRecruitment | null,
];
type Place = [id: string, latitude: number | null, longitude: number | null, communeInsee: string | null];

interface Ranked {
  id: string;
  title: string;
  romeRank: number;
  matchedRome: string[];
  placeId: string | null;
  distanceKm: number | null;
  nextSession: FoundOffer['nextSession'];
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export class CatalogueSearch implements OfferSearch {
  constructor(
    private readonly prisma: Prisma,
    private readonly options: { now?: () => Date } = {},
  ) {}

  async search(filters: SearchFilters): Promise<SearchResult> {
    const today = parisToday(this.options.now?.() ?? new Date());
    const rome = romeFilter(filters.rome);
    const words = queryWords(filters.q);
    const origin = originOf(filters);
    if (filters.startsBefore !== undefined && !isCalendarDay(filters.startsBefore)) {
      throw new SearchFilterError('startsBefore', `date attendue au format AAAA-MM-JJ : « ${filters.startsBefore} »`);
    }
    const limit = Math.max(0, Math.floor(filters.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, Math.floor(filters.offset ?? 0));

    const [{ rows }] = await this.prisma.$queryRaw<{ rows: string | null }[]>(candidatesQuery(filters, { today, rome, words, origin }));
    const ranked: Ranked[] = [];
    for (const [id, title, romeCodes, modality, places, nextStart, nextEnd, nextRecruitment] of JSON.parse(rows ?? '[]') as Candidate[]) {
      const distanceOnly = modality === 'DISTANCE';
      const nearest = origin && !distanceOnly ? nearestPlace(origin.centre, places ?? []) : undefined;
      if (origin?.radiusKm !== undefined && !distanceOnly && !(nearest && nearest.km <= origin.radiusKm)) continue;
      ranked.push({
        id,
        title,
        romeRank: rome && !romeCodes.some((code) => rome.codes.includes(code)) ? 1 : 0,
        matchedRome: rome ? romeCodes.filter((code) => rome.codes.includes(code) || rome.letters.includes(code[0])) : [],
        placeId: nearest?.id ?? null,
        distanceKm: nearest ? Math.round(nearest.km * 10) / 10 : null,
        nextSession: nextRecruitment ? { start: nextStart, end: nextEnd, recruitment: recruitmentFromDb(nextRecruitment) } : null,
      });
    }
    ranked.sort(byRelevance);
    return { total: ranked.length, offers: await this.load(ranked.slice(offset, offset + limit), words.length > 0) };
  }

  /** The page's offers in full, in the page's order. */
  private async load(page: Ranked[], textMatched: boolean): Promise<FoundOffer[]> {
    if (!page.length) return [];
    const rows = await this.prisma.offer.findMany({
      where: { id: { in: page.map((r) => r.id) } },
      include: { provider: true, places: { orderBy: [{ communeName: 'asc' }, { name: 'asc' }, { id: 'asc' }] } },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return page.map((r) => {
      const row = byId.get(r.id)!;
      // Without a commune to measure from (or for an offer given at a distance), the first place.
      const place = row.places.find((p) => p.id === r.placeId) ?? row.places[0];
      return {
        id: row.id,
        title: row.title,
        description: row.description,
        kind: kindFromDb(row.kind),
        formal: row.formal,
        provider: row.provider && { name: row.provider.name, contact: row.provider.contact, website: row.provider.website },
        romeCodes: row.romeCodes,
        audiences: row.audiences.map(audienceFromDb),
        modality: row.modality && modalityFromDb(row.modality),
        free: row.free,
        cpf: row.cpf,
        fundingPossible: row.fundingPossible,
        costEuros: row.costEuros,
        accessibility: row.accessibility,
        signUp: row.signUp,
        url: row.url,
        demo: row.demo,
        place: place
          ? { name: place.name, address: place.address, communeInsee: place.communeInsee, communeName: place.communeName, distanceKm: place.id === r.placeId ? r.distanceKm : null }
          : null,
        nextSession: r.nextSession,
        matched: { rome: r.matchedRome, text: textMatched },
      };
    });
  }
}

// ---------------------------------------------------------------- filters

interface RomeFilter {
  codes: string[];
  letters: string[];
}

function romeFilter(rome: string[] | undefined): RomeFilter | undefined {
  if (!rome?.length) return undefined;
  const filter: RomeFilter = { codes: [], letters: [] };
  for (const raw of rome) {
    const code = raw.trim().toUpperCase();
    if (/^[A-N]\d{4}$/.test(code)) filter.codes.push(code);
    else if (/^[A-N]$/.test(code)) filter.letters.push(code);
    else throw new SearchFilterError('rome', `code ROME invalide : « ${raw} » (une fiche comme N1101 ou une lettre de domaine de A à N)`);
  }
  return filter;
}

function queryWords(q: string | undefined): string[] {
  if (!q) return [];
  return [...new Set(normalize(q).split(' ').filter((w) => w && !STOP_WORDS.has(w)))];
}

interface Origin {
  centre: LatLon;
  radiusKm?: number;
  /** Communes whose town hall is within the radius: where places without coordinates are taken to be. */
  nearCommunes: string[];
}

function originOf({ commune, radiusKm }: SearchFilters): Origin | undefined {
  if (radiusKm !== undefined && !(Number.isFinite(radiusKm) && radiusKm > 0)) {
    throw new SearchFilterError('radiusKm', `rayon invalide : ${radiusKm} (un nombre de kilomètres supérieur à 0)`);
  }
  if (commune === undefined) {
    if (radiusKm !== undefined) throw new SearchFilterError('radiusKm', 'un rayon demande une commune d’où le mesurer');
    return undefined;
  }
  const centre = communeCentre(commune);
  if (!centre) throw new SearchFilterError('commune', `commune inconnue : ${commune} n’est ni une commune de la Métropole de Lyon ni un arrondissement de Lyon`);
  const nearCommunes = knownCommunes().filter((code) => radiusKm === undefined || distanceKm(centre, communeCentre(code)!) <= radiusKm);
  return { centre, radiusKm, nearCommunes };
}


// ---------------------------------------------------------------- the query

function candidatesQuery(
  filters: SearchFilters,
  { today, rome, words, origin }: { today: string; rome?: RomeFilter; words: string[]; origin?: Origin },
): Sql.Sql {
  const where: Sql.Sql[] = [];
  if (filters.kinds?.length) where.push(Sql.sql`o.kind::text = ANY(${filters.kinds.map(kindToDb)}::text[])`);
  if (filters.formal !== undefined) where.push(Sql.sql`o.formal = ${filters.formal}`);
  if (filters.free !== undefined) where.push(Sql.sql`o.free = ${filters.free}`);
  if (filters.modality) where.push(Sql.sql`o.modality::text = ${modalityToDb(filters.modality)}`);
  if (filters.audience) {
    where.push(Sql.sql`(cardinality(o.audiences) = 0 OR o.audiences::text[] && ${[audienceToDb(filters.audience), audienceToDb('everyone')]}::text[])`);
  }
  if (rome) {
    where.push(Sql.sql`(o.rome_codes && ${rome.codes}::text[] OR EXISTS (SELECT 1 FROM unnest(o.rome_codes) c WHERE left(c, 1) = ANY(${rome.letters}::text[])))`);
  }
  if (origin?.radiusKm !== undefined) {
    const box = boundingBox(origin.centre, origin.radiusKm);
    where.push(Sql.sql`(o.modality = 'DISTANCE' OR EXISTS (
      SELECT 1 FROM offer_place p WHERE p.offer_id = o.id AND (
        (p.latitude BETWEEN ${box.south} AND ${box.north} AND p.longitude BETWEEN ${box.west} AND ${box.east})
        OR ((p.latitude IS NULL OR p.longitude IS NULL) AND p.commune_insee = ANY(${origin.nearCommunes}::text[])))))`);
  }
  if (filters.startsBefore) {
    where.push(Sql.sql`(NOT EXISTS (SELECT 1 FROM offer_session s WHERE s.offer_id = o.id)
      OR EXISTS (SELECT 1 FROM offer_session s WHERE s.offer_id = o.id AND s.recruitment = 'OPEN'
                 AND s.start >= ${today}::date AND s.start <= ${filters.startsBefore}::date))`);
  }

  // One JSON value for all candidates: on PGlite, converting thousands of rows value by value costs
  // more than the query. Places only when there are distances to measure.
  const places = origin
    ? Sql.sql`(SELECT p.offer_id, json_agg(json_build_array(p.id, p.latitude, p.longitude, p.commune_insee)) AS places
               FROM offer_place p JOIN candidate c ON c.id = p.offer_id GROUP BY p.offer_id)`
    : Sql.sql`(SELECT NULL::uuid AS offer_id, NULL::json AS places)`;
  // Words are looked for last, among the offers that pass every other filter: scanning descriptions
  // costs more than the rest, and the planner would otherwise scan them first.
  const filtered = Sql.sql`SELECT o.id, o.title, o.rome_codes, o.modality FROM offer o WHERE ${where.length ? Sql.join(where, ' AND ') : Sql.sql`TRUE`}`;
  const candidates = words.length
    ? Sql.sql`filtered AS MATERIALIZED (${filtered}),
      candidate AS (SELECT f.* FROM filtered f JOIN offer o ON o.id = f.id WHERE ${Sql.join(
        words.map((word) => Sql.sql`(o.title || ' ' || coalesce(o.description, '')) ~ ${wordPattern(word)}`),
        ' AND ',
      )})`
    : Sql.sql`candidate AS (${filtered})`;
  return Sql.sql`
    WITH ${candidates},
    place AS ${places},
    next_session AS (
      SELECT DISTINCT ON (s.offer_id) s.offer_id, s.start, s."end", s.recruitment
      FROM offer_session s JOIN candidate c ON c.id = s.offer_id
      WHERE s.start IS NULL OR s.start >= ${today}::date
      ORDER BY s.offer_id, s.recruitment <> 'OPEN', s.start IS NULL, s.start)
    SELECT json_agg(json_build_array(c.id, c.title, c.rome_codes, c.modality, p.places, n.start, n."end", n.recruitment))::text AS rows
    FROM candidate c LEFT JOIN place p ON p.offer_id = c.id LEFT JOIN next_session n ON n.offer_id = c.id`;
}

/** A box a little larger than the circle, for the database to pick the places worth measuring. */
function boundingBox({ latitude, longitude }: LatLon, radiusKm: number) {
  const dLat = (radiusKm / 111.2) * 1.01;
  const dLon = (radiusKm / (111.32 * Math.cos((latitude * Math.PI) / 180))) * 1.01;
  return { south: latitude - dLat, north: latitude + dLat, west: longitude - dLon, east: longitude + dLon };
}

// ---------------------------------------------------------------- order

function nearestPlace(from: LatLon, places: Place[]): { id: string; km: number } | undefined {
  let best: { id: string; km: number } | undefined;
  for (const [id, latitude, longitude, insee] of places) {
    const at = latitude !== null && longitude !== null ? { latitude, longitude } : insee ? communeCentre(insee) : undefined;
    if (!at) continue;
    const km = distanceKm(from, at);
    if (!best || km < best.km) best = { id, km };
  }
  return best;
}

function byRelevance(a: Ranked, b: Ranked): number {
  return (
    a.romeRank - b.romeRank ||
    nullsLast(a.distanceKm, b.distanceKm) ||
    nullsLast(a.nextSession?.start ?? null, b.nextSession?.start ?? null) ||
    collator.compare(a.title, b.title) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function nullsLast<T extends number | string>(a: T | null, b: T | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
