// Pools, the BlaBlaCar idea: needs of different companies for the same ROME fiche, close in place and
// in time, could share one training session.
//
// Computed live from the confirmed needs, so pools follow needs as they arrive, change or are
// withdrawn. A need takes part when it has a fiche, a commune with a known town hall (the Métropole's
// communes and Lyon's arrondissements: needs outside the Métropole never pool, we cannot say how far
// they are) and a window that has not ended: [deadline start, or the day it was recorded (Paris);
// deadline end], or for an urgent need or one without an end [the day it was recorded; ASAP_MONTHS
// months later].
//
// The algorithm, greedy and deterministic (the same needs always give the same pools):
// per fiche, the needs are taken in order of window end, then of recording, then of id. Each need not
// in a pool yet seeds one, anchored at its commune's town hall; every FOLLOWING need not in a pool yet
// joins when its town hall is within the radius of the anchor and its window keeps the common window
// (the intersection of the members' windows) non-empty. The result is a pool when it gathers at least
// two distinct companies (a need without a company counts as its own); needs of the same company may
// be in it too. Otherwise the seed stays alone and the needs it had gathered are free for the next
// seeds. Since needs come in order of end, the common window always ends on the seed's end.
// A pool's id is its seed's: stable while the seed stays (a need ending earlier that arrives later
// becomes the seed of a new pool, and the old id goes).
import type { Prisma as Db } from '../../prisma/generated/client';
import { isUuid, type Prisma } from '../database';
import { dateToDay, dayToDate } from '../calendarDay';
import { communeCentre, distanceKm, knownCommunes, type LatLon } from '../offers/geo';
import { parisToday } from '../understanding/deadline';
import { addMonths, ASAP_MONTHS } from './gap';
import { inTerritory } from './territory';
import type { Pool, PoolMember, Pooling, PoolsQuery } from './types';


const needSelect = {
  id: true,
  rome: true,
  romeLabel: true,
  headcount: true,
  deadlineStart: true,
  deadlineEnd: true,
  urgent: true,
  communeInsee: true,
  communeName: true,
  inMetropole: true,
  consentToContact: true,
  createdAt: true,
  companyId: true,
  company: { select: { name: true } },
  invitation: { select: { answer: true } },
} satisfies Db.NeedSelect;
type NeedRow = Db.NeedGetPayload<{ select: typeof needSelect }>;

interface Candidate {
  row: NeedRow;
  rome: string;
  point: LatLon;
  /** The company, or the need itself when it has none. */
  companyKey: string;
  window: { start: string; end: string };
}

export class PoolingService implements Pooling {
  constructor(
    private readonly prisma: Prisma,
    private readonly options: { radiusKm: number; minHeadcount: number; labels: (kind: 'rome', key: string) => string | null; now?: () => Date },
  ) {}

  async pools(query: PoolsQuery): Promise<Pool[]> {
    const pools = (await this.compute(query.rome))
      .filter(({ pool, seed }) => inTerritory(query.territory, { insee: pool.anchor.insee, inMetropole: seed.inMetropole }))
      .map(({ pool }) => pool)
      .filter((pool) => !query.viableOnly || pool.viable);
    return pools.sort((a, b) => Number(b.viable) - Number(a.viable) || b.headcount - a.headcount || compare(a.rome, b.rome) || compare(a.id, b.id));
  }

  async poolOf(needId: string): Promise<Pool | undefined> {
    if (!isUuid(needId)) return undefined;
    const need = await this.prisma.need.findUnique({ where: { id: needId }, select: { rome: true, status: true } });
    if (!need?.rome || need.status !== 'CONFIRMED') return undefined;
    return (await this.compute(need.rome)).find(({ pool }) => pool.members.some((m) => m.needId === needId))?.pool;
  }

  /** The pools of one fiche, or of all. */
  private async compute(rome?: string): Promise<{ pool: Pool; seed: NeedRow }[]> {
    const today = parisToday(this.options.now?.() ?? new Date());
    const rows = await this.prisma.need.findMany({
      where: {
        status: 'CONFIRMED',
        rome: rome ?? { not: null },
        communeInsee: { in: knownCommunes() },
        // Urgent needs and those without an end: their window's end is computed below.
        OR: [{ urgent: true }, { deadlineEnd: null }, { deadlineEnd: { gte: dayToDate(today) } }],
      },
      select: needSelect,
    });
    const byFiche = new Map<string, Candidate[]>();
    for (const row of rows) {
      const candidate = toCandidate(row);
      if (!candidate || candidate.window.end < today) continue;
      const list = byFiche.get(candidate.rome);
      if (list) list.push(candidate);
      else byFiche.set(candidate.rome, [candidate]);
    }
    const pools: { pool: Pool; seed: NeedRow }[] = [];
    for (const [fiche, candidates] of byFiche) {
      for (const members of this.gather(candidates)) pools.push({ pool: this.toPool(fiche, members), seed: members[0].row });
    }
    return pools;
  }

  /** The greedy pass over one fiche's needs (see the top of this file); each pool's seed first. */
  private gather(candidates: Candidate[]): Candidate[][] {
    candidates.sort((a, b) => compare(a.window.end, b.window.end) || a.row.createdAt.getTime() - b.row.createdAt.getTime() || compare(a.row.id, b.row.id));
    const pooled = new Set<string>();
    const pools: Candidate[][] = [];
    for (let i = 0; i < candidates.length; i++) {
      const seed = candidates[i];
      if (pooled.has(seed.row.id)) continue;
      const members = [seed];
      let start = seed.window.start;
      for (let j = i + 1; j < candidates.length; j++) {
        const next = candidates[j];
        if (pooled.has(next.row.id) || distanceKm(seed.point, next.point) > this.options.radiusKm) continue;
        // Every following need ends on or after the seed: the common window is [latest start, seed's end].
        const common = next.window.start > start ? next.window.start : start;
        if (common > seed.window.end) continue;
        start = common;
        members.push(next);
      }
      if (new Set(members.map((m) => m.companyKey)).size < 2) continue;
      for (const m of members) pooled.add(m.row.id);
      pools.push(members);
    }
    return pools;
  }

  private toPool(rome: string, members: Candidate[]): Pool {
    const seed = members[0];
    const start = members.map((m) => m.window.start).reduce((a, b) => (a > b ? a : b));
    const headcount = members.reduce((sum, m) => sum + m.row.headcount, 0);
    return {
      id: seed.row.id,
      rome,
      romeLabel: this.options.labels('rome', rome) ?? seed.row.romeLabel,
      anchor: { insee: seed.row.communeInsee!, name: seed.row.communeName },
      window: { start, end: seed.window.end },
      headcount,
      companies: new Set(members.map((m) => m.companyKey)).size,
      viable: headcount >= this.options.minHeadcount,
      members: members.map(toMember),
    };
  }
}

function toCandidate(row: NeedRow): Candidate | undefined {
  const point = row.communeInsee ? communeCentre(row.communeInsee) : undefined;
  if (!row.rome || !point) return undefined;
  const recorded = parisToday(row.createdAt);
  const asap = row.urgent || !row.deadlineEnd;
  const window = asap
    ? { start: recorded, end: addMonths(recorded, ASAP_MONTHS) }
    : { start: row.deadlineStart ? dateToDay(row.deadlineStart) : recorded, end: dateToDay(row.deadlineEnd!) };
  if (window.start > window.end) return undefined;
  return { row, rome: row.rome, point, companyKey: row.companyId ?? `need:${row.id}`, window };
}

function toMember(m: Candidate): PoolMember {
  const { row } = m;
  const answer = row.invitation?.answer;
  return {
    needId: row.id,
    company: { id: row.companyId, name: row.company?.name ?? null },
    headcount: row.headcount,
    commune: { insee: row.communeInsee, name: row.communeName },
    deadline: { start: row.deadlineStart && dateToDay(row.deadlineStart), end: row.deadlineEnd && dateToDay(row.deadlineEnd), urgent: row.urgent },
    consent: row.consentToContact,
    invitation: !row.invitation ? null : answer === 'YES' ? 'yes' : answer === 'NO' ? 'no' : 'pending',
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
