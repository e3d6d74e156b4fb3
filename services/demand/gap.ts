// The gap between the demand and the offer: for each ROME fiche (or domain), the people the confirmed
// needs ask to train, and how many of them an offer of the catalogue could serve.
//
// Which needs: confirmed, in the territory, whose deadline ends from today (Paris) to `before`, both
// inclusive (default: today + 12 months). Urgent needs and needs without an end count as due now.
//
// An offer serves a need when all of these hold:
// - occupation: the need's fiche is one of the offer's ROME codes; a need known only by its domain (a
//   letter) is served by an offer with any code of that domain; a need with neither, by none.
// - place: the offer is given at a distance (modality DISTANCE, or no place at all), or one of its
//   places is within the radius of the town hall of the need's commune (services/offers/geo.ts; a place
//   without coordinates is taken at its own commune's town hall, as the search does). A need whose
//   commune has no known town hall (outside the Métropole) can only be served at a distance.
// - time: a session open for recruitment starts between today and the deadline's end, both inclusive,
//   at that place (a session without a place counts for every place of the offer). Urgent needs and
//   needs without an end take the next ASAP_MONTHS months as their deadline. Sessions without a start
//   date do not count: nothing says they run in time.
// A need is covered when at least one offer serves it; coverage counts people, not needs.
//
// How: one query reads the needs with every filter in SQL; one reads, as a single JSON value (cheaper
// than row by row on PGlite), the offers with one of their codes and an open session in the horizon,
// with their places and those sessions. The matching is done here, offers indexed by ROME code.
import { Prisma as Sql, type Prisma as Db } from '../../prisma/generated/client';
import type { Prisma } from '../database';
import { dateToDay, dayToDate, isCalendarDay } from '../calendarDay';
import { communeCentre, distanceKm, type LatLon } from '../offers/geo';
import { parisToday } from '../understanding/deadline';
import { UNKNOWN } from './rollup';
import type { Gap, GapQuery, GapRow, OfferGap, UncoveredNeed } from './types';
import { needsInTerritory } from './territory';

/** How far ahead an urgent need, or one without an end, has to be served (and, for pooling, its window). */
export const ASAP_MONTHS = 3;
/** The default horizon of the gap. */
export const GAP_HORIZON_MONTHS = 12;

/** The same day n months later (YYYY-MM-DD), clamped to the month's length (31 January + 1 month = 28/29 February). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return dateToDay(new Date(Date.UTC(y, m - 1 + n, Math.min(d, lastDay))));
}

// ---------------------------------------------------------------- the service

/** An offer as the matching sees it: where it can be followed and its earliest open session there. */
interface Candidate {
  id: string;
  /** Given at a distance: `earliest` is the earliest open session anywhere. */
  distanceOnly: boolean;
  earliest: string | null;
  places: { point: LatLon; earliest: string }[];
}

/** One row of the offers query: see offersQuery. */
type OfferRow = [id: string, romeCodes: string[], modality: string | null, places: PlaceRow[] | null, sessions: SessionRow[]];
type PlaceRow = [id: string, latitude: number | null, longitude: number | null, communeInsee: string | null];
type SessionRow = [placeId: string | null, start: string];

const needSelect = {
  id: true,
  occupationSaid: true,
  rome: true,
  romeLabel: true,
  domain: true,
  headcount: true,
  deadlineStart: true,
  deadlineEnd: true,
  urgent: true,
  communeInsee: true,
  communeName: true,
  createdAt: true,
  company: { select: { name: true } },
} satisfies Db.NeedSelect;
type NeedRow = Db.NeedGetPayload<{ select: typeof needSelect }>;

export class OfferGapService implements OfferGap {
  constructor(
    private readonly prisma: Prisma,
    private readonly options: { radiusKm: number; labels: (kind: 'rome' | 'domain', key: string) => string; now?: () => Date },
  ) {}

  async gap(query: GapQuery): Promise<Gap> {
    const today = parisToday(this.options.now?.() ?? new Date());
    const before = query.before ?? addMonths(today, GAP_HORIZON_MONTHS);
    if (!isCalendarDay(before)) throw new RangeError(`date attendue au format AAAA-MM-JJ : « ${before} »`);
    const radiusKm = query.radiusKm ?? this.options.radiusKm;
    if (!(Number.isFinite(radiusKm) && radiusKm >= 0)) throw new RangeError(`rayon invalide : ${radiusKm}`);
    const asapUntil = addMonths(today, ASAP_MONTHS);

    const needs = await this.prisma.need.findMany({
      where: {
        status: 'CONFIRMED',
        ...needsInTerritory(query.territory),
        OR: [{ urgent: true }, { deadlineEnd: null }, { deadlineEnd: { gte: dayToDate(today), lte: dayToDate(before) } }],
      },
      select: needSelect,
    });
    const until = (need: NeedRow) => (need.urgent || !need.deadlineEnd ? asapUntil : dateToDay(need.deadlineEnd));
    const offers = needs.length ? await this.candidates(needs, today, needs.map(until).reduce((a, b) => (a > b ? a : b))) : new Map<string, Candidate[]>();

    const rows = new Map<string, GapRow & { offerIds: Set<string> }>();
    const uncovered: (UncoveredNeed & { createdAt: Date })[] = [];
    const servingBySituation = new Map<string, Candidate[]>();
    for (const need of needs) {
      const key = query.by === 'rome' ? (need.rome ?? UNKNOWN) : (need.domain ?? need.rome?.[0] ?? UNKNOWN);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { key, label: this.options.labels(query.by, key), needs: 0, demanded: 0, covered: 0, coverage: 1, offers: 0, offerIds: new Set() }));
      const codeOrDomain = need.rome ?? (need.domain ? `domain:${need.domain}` : undefined);
      const deadline = until(need);
      // Needs often share a fiche, a commune and an end ("fin février"): their offers are found once.
      const situation = `${codeOrDomain} ${need.communeInsee} ${deadline}`;
      let serving = servingBySituation.get(situation);
      if (!serving) {
        const point = need.communeInsee ? communeCentre(need.communeInsee) : undefined;
        serving = (codeOrDomain ? (offers.get(codeOrDomain) ?? []) : []).filter((offer) => serves(offer, point, deadline, radiusKm));
        servingBySituation.set(situation, serving);
      }
      row.needs++;
      row.demanded += need.headcount;
      for (const offer of serving) row.offerIds.add(offer.id);
      if (serving.length) row.covered += need.headcount;
      else uncovered.push(toUncovered(need));
    }

    const result = [...rows.values()].map(({ offerIds, ...row }) => ({ ...row, coverage: row.demanded ? row.covered / row.demanded : 1, offers: offerIds.size }));
    result.sort((a, b) => b.demanded - b.covered - (a.demanded - a.covered) || b.demanded - a.demanded || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    uncovered.sort(byDeadline);
    return { query: { ...query, before, radiusKm }, rows: result, uncovered: uncovered.map(({ createdAt: _, ...need }) => need) };
  }

  /**
   * The offers that could serve some of these needs, indexed by ROME code and by "domain:X": one of
   * their codes is asked, and they have an open session from today to the horizon.
   */
  private async candidates(needs: NeedRow[], today: string, horizon: string): Promise<Map<string, Candidate[]>> {
    const codes = [...new Set(needs.flatMap((n) => (n.rome ? [n.rome] : [])))];
    const letters = [...new Set(needs.flatMap((n) => (!n.rome && n.domain ? [n.domain] : [])))];
    const index = new Map<string, Candidate[]>();
    if (!codes.length && !letters.length) return index;
    const [{ rows }] = await this.prisma.$queryRaw<{ rows: string | null }[]>(offersQuery(codes, letters, today, horizon));
    for (const [id, romeCodes, modality, places, sessions] of JSON.parse(rows ?? '[]') as OfferRow[]) {
      const candidate = toCandidate(id, modality, places ?? [], sessions);
      const keys = new Set(romeCodes.flatMap((code) => [code, `domain:${code[0]}`]));
      for (const key of keys) {
        const list = index.get(key);
        if (list) list.push(candidate);
        else index.set(key, [candidate]);
      }
    }
    return index;
  }
}

function offersQuery(codes: string[], letters: string[], today: string, horizon: string): Sql.Sql {
  const open = Sql.sql`s.recruitment = 'OPEN' AND s.start >= ${today}::date AND s.start <= ${horizon}::date`;
  return Sql.sql`
    WITH candidate AS (
      SELECT o.id, o.rome_codes, o.modality FROM offer o
      WHERE (o.rome_codes && ${codes}::text[] OR EXISTS (SELECT 1 FROM unnest(o.rome_codes) c WHERE left(c, 1) = ANY(${letters}::text[])))
        AND EXISTS (SELECT 1 FROM offer_session s WHERE s.offer_id = o.id AND ${open}))
    SELECT json_agg(json_build_array(c.id, c.rome_codes, c.modality,
      (SELECT json_agg(json_build_array(p.id, p.latitude, p.longitude, p.commune_insee)) FROM offer_place p WHERE p.offer_id = c.id),
      (SELECT json_agg(json_build_array(s.place_id, s.start)) FROM offer_session s WHERE s.offer_id = c.id AND ${open})))::text AS rows
    FROM candidate c`;
}

function toCandidate(id: string, modality: string | null, places: PlaceRow[], sessions: SessionRow[]): Candidate {
  const earliestOf = (starts: string[]) => starts.reduce<string | null>((a, b) => (a === null || b < a ? b : a), null);
  if (modality === 'DISTANCE' || !places.length) return { id, distanceOnly: true, earliest: earliestOf(sessions.map(([, start]) => start)), places: [] };
  const located: Candidate['places'] = [];
  for (const [placeId, latitude, longitude, insee] of places) {
    const point = latitude !== null && longitude !== null ? { latitude, longitude } : insee ? communeCentre(insee) : undefined;
    const earliest = earliestOf(sessions.filter(([at]) => at === null || at === placeId).map(([, start]) => start));
    if (point && earliest) located.push({ point, earliest });
  }
  return { id, distanceOnly: false, earliest: null, places: located };
}

function serves(offer: Candidate, point: LatLon | undefined, until: string, radiusKm: number): boolean {
  if (offer.distanceOnly) return offer.earliest !== null && offer.earliest <= until;
  return point !== undefined && offer.places.some((p) => p.earliest <= until && distanceKm(point, p.point) <= radiusKm);
}

function toUncovered(need: NeedRow): UncoveredNeed & { createdAt: Date } {
  return {
    id: need.id,
    occupation: { said: need.occupationSaid, rome: need.rome, romeLabel: need.romeLabel, domain: need.domain },
    headcount: need.headcount,
    deadline: { start: need.deadlineStart && dateToDay(need.deadlineStart), end: need.deadlineEnd && dateToDay(need.deadlineEnd), urgent: need.urgent },
    commune: { insee: need.communeInsee, name: need.communeName },
    company: need.company?.name ?? null,
    createdAt: need.createdAt,
  };
}

/** Due now first (urgent or no end), then by end, then in the order they were recorded. */
function byDeadline(a: UncoveredNeed & { createdAt: Date }, b: UncoveredNeed & { createdAt: Date }): number {
  const due = (n: UncoveredNeed) => (n.deadline.urgent || !n.deadline.end ? '' : n.deadline.end);
  const [da, db] = [due(a), due(b)];
  return (da < db ? -1 : da > db ? 1 : 0) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
