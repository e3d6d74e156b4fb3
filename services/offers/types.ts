// The catalogue's shapes, shared by the importers (LHEO, the starter catalogue), the search and the
// dialogs. Names are lower case here and in the API; the database enums are mapped in one place.
import type { Modality } from '../understanding/modality';

export const FORMAL_KINDS = ['diploma', 'certification', 'cqp', 'training_course'] as const;
export const INFORMAL_KINDS = ['workshop', 'fablab', 'mobile_fablab', 'mediatheque', 'mjc', 'digital_space', 'crij_workshop'] as const;
export const OFFER_KINDS = [...FORMAL_KINDS, ...INFORMAL_KINDS] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const AUDIENCES = ['youth_16_25', 'job_seekers', 'employees', 'everyone'] as const;
export type Audience = (typeof AUDIENCES)[number];

export type Recruitment = 'open' | 'closed' | 'suspended';

export interface ProviderInput {
  name: string;
  siret?: string | null;
  contact?: string | null;
  website?: string | null;
}

export interface PlaceInput {
  /** The source's identifier of the place (LHEO action numero). */
  sourceId?: string | null;
  name?: string | null;
  address?: string | null;
  communeInsee?: string | null;
  communeName?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface SessionInput {
  sourceId?: string | null;
  /** Index in `places` of where the session takes place, when known. */
  placeIndex?: number | null;
  /** YYYY-MM-DD */
  start?: string | null;
  end?: string | null;
  recruitment?: Recruitment;
}

/** One offer as a source describes it; upserted by (source, sourceId). */
export interface OfferInput {
  source: string;
  sourceId: string;
  title: string;
  description?: string | null;
  kind: OfferKind;
  provider?: ProviderInput | null;
  romeCodes?: string[];
  formacodes?: string[];
  nsfCodes?: string[];
  audiences?: Audience[];
  modality?: Modality | null;
  free?: boolean;
  cpf?: boolean;
  fundingPossible?: boolean;
  costEuros?: number | null;
  accessibility?: string | null;
  signUp?: string | null;
  url?: string | null;
  demo?: boolean;
  places: PlaceInput[];
  sessions: SessionInput[];
}

export interface ImportReport {
  created: number;
  updated: number;
  /** Already there with the same content. */
  unchanged: number;
  skipped: { sourceId: string | null; reason: string }[];
}

/** A file that cannot be imported: what is wrong and where (line and column when known). Nothing was written. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line ? `${message} (ligne ${line}${column ? `, colonne ${column}` : ''})` : message);
  }
}

export interface SearchFilters {
  /** Free text, matched against titles and descriptions. */
  q?: string;
  /** ROME fiche codes ("N1101") or domain letters ("N"): an offer matches when one of its codes is one of them or in one of them. */
  rome?: string[];
  /** INSEE code of the commune distances are measured from. */
  commune?: string;
  /** Kilometres from the commune's centre to a place where the offer is given (needs `commune`). */
  radiusKm?: number;
  audience?: Audience;
  kinds?: OfferKind[];
  /** true: formal kinds only; false: informal only. */
  formal?: boolean;
  modality?: Modality;
  free?: boolean;
  /** A session open for recruitment (or an offer without sessions, as workshops and FabLabs are) starting on or before this date (YYYY-MM-DD). */
  startsBefore?: string;
  limit?: number;
  offset?: number;
}

export interface FoundOffer {
  id: string;
  title: string;
  description: string | null;
  kind: OfferKind;
  formal: boolean;
  provider: { name: string; contact: string | null; website: string | null } | null;
  romeCodes: string[];
  audiences: Audience[];
  modality: Modality | null;
  free: boolean;
  cpf: boolean;
  fundingPossible: boolean;
  costEuros: number | null;
  accessibility: string | null;
  signUp: string | null;
  url: string | null;
  demo: boolean;
  /** The place nearest to the commune searched from (or the first place), with its distance when known. */
  place: { name: string | null; address: string | null; communeInsee: string | null; communeName: string | null; distanceKm: number | null } | null;
  /** The next session starting today or later, open for recruitment first. */
  nextSession: { start: string | null; end: string | null; recruitment: Recruitment } | null;
  /** What matched the search: the ROME codes asked for, the words of `q`. */
  matched: { rome: string[]; text: boolean };
}

export interface SearchResult {
  total: number;
  offers: FoundOffer[];
}

/** The search the API and the dialogs share. */
export interface OfferSearch {
  search(filters: SearchFilters): Promise<SearchResult>;
}
