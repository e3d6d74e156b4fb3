// The catalogue every importer writes through: offers upserted by (source, sourceId), all or nothing,
// with their provider, places and sessions. The lower-case names of types.ts meet the database enums here.
import { createHash, randomBytes } from 'node:crypto';
import type { Prisma } from '../database';
import type {
  Audience as DbAudience,
  Modality as DbModality,
  OfferKind as DbOfferKind,
  Prisma as Db,
  Recruitment as DbRecruitment,
} from '../../prisma/generated/client';
import type { Modality } from '../understanding/modality';
import { AUDIENCES, FORMAL_KINDS, ImportError, OFFER_KINDS } from './types';
import type { Audience, ImportReport, OfferInput, OfferKind, ProviderInput, Recruitment } from './types';
import { dayToDate, isCalendarDay } from '../calendarDay';

// ── Lower-case names ↔ database enums, in this one place ─────────────────────────────────────────

const KIND_TO_DB: Record<OfferKind, DbOfferKind> = {
  diploma: 'DIPLOMA',
  certification: 'CERTIFICATION',
  cqp: 'CQP',
  training_course: 'TRAINING_COURSE',
  workshop: 'WORKSHOP',
  fablab: 'FABLAB',
  mobile_fablab: 'MOBILE_FABLAB',
  mediatheque: 'MEDIATHEQUE',
  mjc: 'MJC',
  digital_space: 'DIGITAL_SPACE',
  crij_workshop: 'CRIJ_WORKSHOP',
};
const AUDIENCE_TO_DB: Record<Audience, DbAudience> = {
  youth_16_25: 'YOUTH_16_25',
  job_seekers: 'JOB_SEEKERS',
  employees: 'EMPLOYEES',
  everyone: 'EVERYONE',
};
const MODALITY_TO_DB: Record<Modality, DbModality> = { presentiel: 'PRESENTIEL', distance: 'DISTANCE', mixte: 'MIXTE' };
const RECRUITMENT_TO_DB: Record<Recruitment, DbRecruitment> = { open: 'OPEN', closed: 'CLOSED', suspended: 'SUSPENDED' };

const invert = <K extends string, V extends string>(table: Record<K, V>) =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k])) as Record<V, K>;
const KIND_FROM_DB = invert(KIND_TO_DB);
const AUDIENCE_FROM_DB = invert(AUDIENCE_TO_DB);
const MODALITY_FROM_DB = invert(MODALITY_TO_DB);
const RECRUITMENT_FROM_DB = invert(RECRUITMENT_TO_DB);

export const kindToDb = (kind: OfferKind): DbOfferKind => KIND_TO_DB[kind];
export const kindFromDb = (kind: DbOfferKind): OfferKind => KIND_FROM_DB[kind];
export const audienceToDb = (audience: Audience): DbAudience => AUDIENCE_TO_DB[audience];
export const audienceFromDb = (audience: DbAudience): Audience => AUDIENCE_FROM_DB[audience];
export const modalityToDb = (modality: Modality): DbModality => MODALITY_TO_DB[modality];
export const modalityFromDb = (modality: DbModality): Modality => MODALITY_FROM_DB[modality];
export const recruitmentToDb = (recruitment: Recruitment): DbRecruitment => RECRUITMENT_TO_DB[recruitment];
export const recruitmentFromDb = (recruitment: DbRecruitment): Recruitment => RECRUITMENT_FROM_DB[recruitment];

// ── The store ────────────────────────────────────────────────────────────────────────────────────

// One import is one transaction, however long the file: a 50 MB LHEO file streams for minutes into
// it, far beyond Prisma's 5 s default, and nothing of it may be visible until the end.
const TRANSACTION = { timeout: 30 * 60_000, maxWait: 30_000 };

export class CatalogueStore {
  constructor(private readonly prisma: Prisma) {}

  /**
   * Upserts by (source, sourceId) in ONE transaction (all or nothing). An offer whose content is
   * unchanged (contentHash over the normalised input) is counted `unchanged` and not written; a
   * changed one replaces its places and sessions. Providers are found by SIRET when given, else by
   * exact name with no SIRET, and created or updated. Returns the counts (skipped stays empty here).
   * An invalid offer, an error of the database or of the iterable rolls everything back.
   */
  async upsert(offers: OfferInput[] | AsyncIterable<OfferInput>): Promise<ImportReport> {
    return this.prisma.$transaction(async (tx) => {
      const report: ImportReport = { created: 0, updated: 0, unchanged: 0, skipped: [] };
      const providers = new ProviderCache(tx);
      for await (const input of offers) {
        const offer = normalise(input);
        const contentHash = hash(offer);
        const known = await tx.offer.findUnique({
          where: { source_sourceId: { source: offer.source, sourceId: offer.sourceId } },
          select: { id: true, contentHash: true },
        });
        if (known?.contentHash === contentHash) {
          report.unchanged++;
          continue;
        }
        const data = {
          contentHash,
          title: offer.title,
          description: offer.description,
          kind: kindToDb(offer.kind),
          formal: (FORMAL_KINDS as readonly string[]).includes(offer.kind),
          providerId: offer.provider ? await providers.idOf(offer.provider) : null,
          romeCodes: offer.romeCodes,
          formacodes: offer.formacodes,
          nsfCodes: offer.nsfCodes,
          audiences: offer.audiences.map(audienceToDb),
          modality: offer.modality ? modalityToDb(offer.modality) : null,
          free: offer.free,
          cpf: offer.cpf,
          fundingPossible: offer.fundingPossible,
          costEuros: offer.costEuros,
          accessibility: offer.accessibility,
          signUp: offer.signUp,
          url: offer.url,
          demo: offer.demo,
        };
        let offerId: string;
        if (known) {
          offerId = known.id;
          await tx.offerSession.deleteMany({ where: { offerId } });
          await tx.offerPlace.deleteMany({ where: { offerId } });
          await tx.offer.update({ where: { id: offerId }, data });
          report.updated++;
        } else {
          offerId = orderedUuid();
          await tx.offer.create({ data: { id: offerId, source: offer.source, sourceId: offer.sourceId, ...data } });
          report.created++;
        }
        const placeIds = offer.places.map(() => orderedUuid());
        if (offer.places.length) {
          await tx.offerPlace.createMany({ data: offer.places.map((place, i) => ({ id: placeIds[i], offerId, ...place })) });
        }
        if (offer.sessions.length) {
          await tx.offerSession.createMany({
            data: offer.sessions.map(({ placeIndex, start, end, recruitment, sourceId }) => ({
              id: orderedUuid(),
              offerId,
              placeId: placeIndex === null ? null : placeIds[placeIndex],
              sourceId,
              start: toDate(start),
              end: toDate(end),
              recruitment: recruitmentToDb(recruitment),
            })),
          });
        }
      }
      return report;
    }, TRANSACTION);
  }

  /** How many offers there are (the start-up uses it to load the starter catalogue into an empty database). */
  /** How many offers there are; with `{ demo: false }`, how many are not demonstration data. */
  count(where: { demo?: boolean } = {}): Promise<number> {
    return this.prisma.offer.count({ where });
  }
}

/** Providers met during one upsert: each is looked up (and written) once, unless a later offer says something new about it. */
class ProviderCache {
  private readonly known = new Map<string, { id: string; name: string; contact: string | null; website: string | null }>();

  constructor(private readonly tx: Db.TransactionClient) {}

  async idOf(provider: Required<ProviderInput>): Promise<string> {
    const key = provider.siret ? `siret:${provider.siret}` : `name:${provider.name}`;
    let row = this.known.get(key);
    if (!row) {
      const found = provider.siret
        ? await this.tx.provider.findUnique({ where: { siret: provider.siret } })
        : await this.tx.provider.findFirst({ where: { name: provider.name, siret: null }, orderBy: { createdAt: 'asc' } });
      row = found ?? (await this.tx.provider.create({ data: provider }));
    }
    // A source that gives no contact or website does not erase the one another offer gave.
    const wanted = { name: provider.name, contact: provider.contact ?? row.contact, website: provider.website ?? row.website };
    if (wanted.name !== row.name || wanted.contact !== row.contact || wanted.website !== row.website) {
      row = await this.tx.provider.update({ where: { id: row.id }, data: wanted });
    }
    this.known.set(key, { id: row.id, name: row.name, contact: row.contact, website: row.website });
    return row.id;
  }
}

// ── Normalisation and validation ─────────────────────────────────────────────────────────────────

type Normalised = ReturnType<typeof normalise>;

/** Defaults filled in, strings trimmed (empty means null), codes deduplicated and sorted: what is hashed and written. Throws ImportError on invalid input. */
function normalise(input: OfferInput) {
  const source = clean(input.source);
  const sourceId = clean(input.sourceId);
  if (!source || !sourceId) throw new ImportError(`offre sans source ou sans identifiant (${JSON.stringify(input.source)}, ${JSON.stringify(input.sourceId)})`);
  const fail = (what: string): never => {
    throw new ImportError(`offre ${source}/${sourceId} : ${what}`);
  };
  const title = clean(input.title) ?? fail('intitulé vide');
  if (!(OFFER_KINDS as readonly string[]).includes(input.kind)) fail(`type « ${input.kind} » inconnu (attendu : ${OFFER_KINDS.join(', ')})`);
  const audiences = unique(input.audiences ?? []);
  for (const a of audiences) if (!(AUDIENCES as readonly string[]).includes(a)) fail(`public « ${a} » inconnu (attendu : ${AUDIENCES.join(', ')})`);
  if (input.modality != null && !Object.hasOwn(MODALITY_TO_DB, input.modality)) fail(`modalité « ${input.modality} » inconnue`);
  const costEuros = input.costEuros ?? null;
  if (costEuros !== null && !(Number.isFinite(costEuros) && costEuros >= 0)) fail(`coût ${costEuros} invalide`);
  const provider = input.provider ? normaliseProvider(input.provider, fail) : null;

  const places = input.places.map((p, i) => {
    const communeInsee = clean(p.communeInsee)?.toUpperCase() ?? null;
    if (communeInsee && !/^(\d{5}|2[AB]\d{3})$/.test(communeInsee)) fail(`lieu ${i + 1} : code INSEE « ${communeInsee} » invalide`);
    const latitude = p.latitude ?? null;
    const longitude = p.longitude ?? null;
    if (latitude !== null && !(Number.isFinite(latitude) && Math.abs(latitude) <= 90)) fail(`lieu ${i + 1} : latitude ${latitude} invalide`);
    if (longitude !== null && !(Number.isFinite(longitude) && Math.abs(longitude) <= 180)) fail(`lieu ${i + 1} : longitude ${longitude} invalide`);
    return { sourceId: clean(p.sourceId), name: clean(p.name), address: clean(p.address), communeInsee, communeName: clean(p.communeName), latitude, longitude };
  });
  const sessions = input.sessions.map((s, i) => {
    const placeIndex = s.placeIndex ?? null;
    if (placeIndex !== null && !(Number.isInteger(placeIndex) && placeIndex >= 0 && placeIndex < places.length)) {
      fail(`session ${i + 1} : lieu n° ${placeIndex} inexistant (${places.length} lieu(x))`);
    }
    const recruitment = s.recruitment ?? 'open';
    if (!Object.hasOwn(RECRUITMENT_TO_DB, recruitment)) fail(`session ${i + 1} : état de recrutement « ${recruitment} » inconnu`);
    const start = clean(s.start);
    const end = clean(s.end);
    for (const day of [start, end]) if (day !== null && !isCalendarDay(day)) fail(`session ${i + 1} : date « ${day} » invalide (attendu AAAA-MM-JJ)`);
    return { sourceId: clean(s.sourceId), placeIndex, start, end, recruitment };
  });

  return {
    source,
    sourceId,
    title,
    description: clean(input.description),
    kind: input.kind,
    provider,
    romeCodes: unique(input.romeCodes ?? []).sort(),
    formacodes: unique(input.formacodes ?? []).sort(),
    nsfCodes: unique(input.nsfCodes ?? []).sort(),
    audiences: AUDIENCES.filter((a) => audiences.includes(a)),
    modality: input.modality ?? null,
    free: input.free ?? false,
    cpf: input.cpf ?? false,
    fundingPossible: input.fundingPossible ?? false,
    costEuros,
    accessibility: clean(input.accessibility),
    signUp: clean(input.signUp),
    url: clean(input.url),
    demo: input.demo ?? false,
    places,
    sessions,
  };
}

function normaliseProvider(p: ProviderInput, fail: (what: string) => never): Required<ProviderInput> {
  const name = clean(p.name) ?? fail('organisme sans nom');
  const siret = clean(p.siret)?.replace(/\s/g, '') ?? null;
  if (siret !== null && !/^\d{14}$/.test(siret)) fail(`SIRET « ${siret} » invalide (14 chiffres attendus)`);
  return { name, siret, contact: clean(p.contact), website: clean(p.website) };
}

/** The version prefix lets a later change of normalisation rewrite every offer once. */
function hash(offer: Normalised): string {
  return createHash('sha256').update('v1').update(JSON.stringify(offer)).digest('hex');
}

function clean(value: string | null | undefined): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed === '' ? null : trimmed;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

const toDate = (day: string | null): Date | null => (day ? dayToDate(day) : null);

/**
 * Places and sessions have no position column: their ids are time-ordered (UUID version 7 layout,
 * with a counter within the same millisecond), so ordering by id gives them back in source order.
 */
let lastMs = 0;
let counter = 0;
function orderedUuid(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs++; // 4,096 ids in one millisecond: borrow the next one, keeping the order
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
