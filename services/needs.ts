// Confirmed training needs and the companies that expressed them.
import { isUuid, type Prisma } from './database';
import type { Person } from './transcript';
import type { DeadlineField, HeadcountField, ModalityField, OccupationField, PlaceField } from './understanding/needsAnalyzer';
import type { Modality } from './understanding/modality';
import { dateToDay, dayToDate } from './calendarDay';
import { applyCompany, applyNeeds } from './demand/rollup';

/** A need with every required field known, ready to be recorded. */
export interface CompleteNeed {
  /** The person's own words the need came from. */
  description: string;
  occupation: OccupationField;
  headcount: HeadcountField;
  deadline: DeadlineField;
  place: PlaceField;
  modality: ModalityField | null;
}

export interface CompanyDetails {
  name?: string | null;
  size?: string | null;
  sector?: string | null;
  contact?: string | null;
}

export interface NeedOrigin extends Person {
  conversationId: string;
}

export interface StoredNeed {
  id: string;
  description: string;
  occupation: { said: string; rome: string | null; romeLabel: string | null; domain: string | null; confidence: number };
  headcount: { said: string; value: number; approximate: boolean };
  deadline: { said: string | null; start: string | null; end: string | null; urgent: boolean };
  place: { said: string; insee: string | null; name: string; inMetropole: boolean };
  modality: { said: string | null; value: Modality } | null;
  status: 'confirmed' | 'withdrawn';
  consentToContact: boolean;
  channelId: string;
  conversationId: string | null;
  company: { id: string; name: string | null; size: string | null; sector: string | null; contact: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export interface NeedFilters {
  domain?: string;
  rome?: string;
  /** INSEE code; Lyon (69123) includes its arrondissements. */
  commune?: string;
  /** Recorded on or after. */
  from?: Date;
  /** Recorded before. */
  to?: Date;
}

export interface NeedChange {
  headcount?: number;
  deadline?: { said: string | null; start: string | null; end: string | null; urgent: boolean };
  status?: 'confirmed' | 'withdrawn';
}

export interface Page {
  page: number;
  pageSize: number;
}

const LYON = '69123';
const LYON_ARRONDISSEMENTS = Array.from({ length: 9 }, (_, i) => `6938${i + 1}`);
const MODALITY_TO_DB = { presentiel: 'PRESENTIEL', distance: 'DISTANCE', mixte: 'MIXTE' } as const;

export class NeedsStore {
  private readonly listeners: ((needIds: string[]) => void)[] = [];

  constructor(private readonly prisma: Prisma) {}

  /** Called once needs are recorded or changed (committed): pooling hears about them this way. */
  onChange(listener: (needIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  private changed(needIds: string[]): void {
    for (const listener of this.listeners) listener(needIds);
  }

  /**
   * Records the needs in one transaction, with the company of the person who described them:
   * the one already known for this person, completed with the new details, or a new one.
   */
  async record(needs: CompleteNeed[], origin: NeedOrigin, details: CompanyDetails = {}, consentToContact = false): Promise<StoredNeed[]> {
    const given = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    const recorded = await this.prisma.$transaction(async (tx) => {
      const known = await tx.company.findFirst({ where: { channelId: origin.channelId, userId: origin.userId }, orderBy: { createdAt: 'desc' } });
      // The company's size and sector count in the demand of its earlier needs too: recounted when they change.
      const recount = known !== null && (('size' in given && given.size !== known.size) || ('sector' in given && given.sector !== known.sector));
      if (recount) await applyCompany(tx, known.id, -1);
      const company = known
        ? await tx.company.update({ where: { id: known.id }, data: given })
        : await tx.company.create({ data: { ...given, channelId: origin.channelId, userId: origin.userId } });
      if (recount) await applyCompany(tx, company.id, 1);
      const stored = [];
      for (const need of needs) {
        stored.push(
          await tx.need.create({
            data: {
              description: need.description,
              occupationSaid: need.occupation.said,
              rome: need.occupation.rome,
              romeLabel: need.occupation.romeLabel,
              domain: need.occupation.domain,
              confidence: need.occupation.confidence,
              headcount: need.headcount.value,
              headcountSaid: need.headcount.said,
              headcountApproximate: need.headcount.approximate,
              deadlineSaid: need.deadline.said,
              deadlineStart: toDate(need.deadline.start),
              deadlineEnd: toDate(need.deadline.end),
              urgent: need.deadline.urgent,
              placeSaid: need.place.said,
              communeInsee: need.place.insee,
              communeName: need.place.name,
              inMetropole: need.place.inMetropole,
              modality: need.modality ? MODALITY_TO_DB[need.modality.value] : null,
              modalitySaid: need.modality?.said ?? null,
              consentToContact,
              channelId: origin.channelId,
              conversationId: origin.conversationId,
              userId: origin.userId,
              companyId: company.id,
            },
            include: { company: true },
          }),
        );
      }
      await applyNeeds(tx, stored.map((n) => n.id), 1);
      return stored.map(toStoredNeed);
    });
    this.changed(recorded.map((n) => n.id));
    return recorded;
  }

  async get(id: string): Promise<StoredNeed | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.prisma.need.findUnique({ where: { id }, include: { company: true } });
    return row ? toStoredNeed(row) : undefined;
  }

  /**
   * Changes a recorded need (the company's tools, or the Métropole's, through the API): fewer or more
   * people, a new deadline, or withdrawn. The demand counts and the pools follow at once.
   */
  async update(id: string, change: NeedChange): Promise<StoredNeed | undefined> {
    if (!isUuid(id)) return undefined;
    const updated = await this.prisma.$transaction(async (tx) => {
      const current = await tx.need.findUnique({ where: { id }, select: { id: true } });
      if (!current) return undefined;
      await applyNeeds(tx, [id], -1);
      const row = await tx.need.update({
        where: { id },
        data: {
          headcount: change.headcount,
          headcountSaid: change.headcount === undefined ? undefined : String(change.headcount),
          headcountApproximate: change.headcount === undefined ? undefined : false,
          deadlineStart: change.deadline === undefined ? undefined : toDate(change.deadline.start),
          deadlineEnd: change.deadline === undefined ? undefined : toDate(change.deadline.end),
          deadlineSaid: change.deadline === undefined ? undefined : change.deadline.said,
          urgent: change.deadline === undefined ? undefined : change.deadline.urgent,
          status: change.status === undefined ? undefined : change.status === 'withdrawn' ? 'WITHDRAWN' : 'CONFIRMED',
        },
        include: { company: true },
      });
      await applyNeeds(tx, [id], 1);
      return toStoredNeed(row);
    });
    if (updated) this.changed([id]);
    return updated;
  }

  async list(filters: NeedFilters = {}, page: Page = { page: 1, pageSize: 50 }): Promise<{ needs: StoredNeed[]; total: number }> {
    const communes = filters.commune === LYON ? [LYON, ...LYON_ARRONDISSEMENTS] : filters.commune ? [filters.commune] : undefined;
    const where = {
      domain: filters.domain,
      rome: filters.rome,
      communeInsee: communes ? { in: communes } : undefined,
      createdAt: filters.from || filters.to ? { gte: filters.from, lt: filters.to } : undefined,
    };
    const [rows, total] = await Promise.all([
      this.prisma.need.findMany({
        where,
        include: { company: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (page.page - 1) * page.pageSize,
        take: page.pageSize,
      }),
      this.prisma.need.count({ where }),
    ]);
    return { needs: rows.map(toStoredNeed), total };
  }

  /**
   * After "supprimer mes données": the needs stay (they are the demand the Métropole measures) but
   * no longer lead to the person: their ids, conversation and the company's contact are removed, and so
   * are e-mail addresses and phone numbers they may have written in their own description.
   */
  async detachPerson(person: Person): Promise<void> {
    const described = await this.prisma.need.findMany({ where: person, select: { id: true, description: true } });
    await this.prisma.$transaction([
      ...described
        .filter((need) => withoutContacts(need.description) !== need.description)
        .map((need) => this.prisma.need.update({ where: { id: need.id }, data: { description: withoutContacts(need.description) } })),
      this.prisma.need.updateMany({ where: person, data: { userId: null, conversationId: null } }),
      this.prisma.company.updateMany({ where: person, data: { userId: null, channelId: null, contact: null } }),
    ]);
  }
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
// French numbers (06 12 34 56 78, +33 6 12 34 56 78, 06.12.34.56.78) and other long runs of digits.
const PHONE = /(\+33[\s.-]?|\b0)[1-9]([\s.-]?\d{2}){4}\b|\+\d[\d\s.-]{8,}\d/g;

/** A need's description with the ways to reach its author taken out. */
export function withoutContacts(text: string): string {
  return text.replace(EMAIL, '[adresse effacée]').replace(PHONE, '[numéro effacé]');
}

type NeedRow = Awaited<ReturnType<Prisma['need']['findFirstOrThrow']>> & {
  company: Awaited<ReturnType<Prisma['company']['findFirstOrThrow']>> | null;
};

function toStoredNeed(row: NeedRow): StoredNeed {
  return {
    id: row.id,
    description: row.description,
    occupation: { said: row.occupationSaid, rome: row.rome, romeLabel: row.romeLabel, domain: row.domain, confidence: row.confidence },
    headcount: { said: row.headcountSaid, value: row.headcount, approximate: row.headcountApproximate },
    deadline: { said: row.deadlineSaid, start: fromDate(row.deadlineStart), end: fromDate(row.deadlineEnd), urgent: row.urgent },
    place: { said: row.placeSaid, insee: row.communeInsee, name: row.communeName, inMetropole: row.inMetropole },
    modality: row.modality ? { said: row.modalitySaid, value: row.modality.toLowerCase() as Modality } : null,
    status: row.status === 'CONFIRMED' ? 'confirmed' : 'withdrawn',
    consentToContact: row.consentToContact,
    channelId: row.channelId,
    conversationId: row.conversationId,
    company: row.company ? { id: row.company.id, name: row.company.name, size: row.company.size, sector: row.company.sector, contact: row.company.contact } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const toDate = (day: string | null): Date | null => (day ? dayToDate(day) : null);
const fromDate = (date: Date | null): string | null => (date ? dateToDay(date) : null);
