// The catalogue API: search the training offers, and import an LHEO file.
//   GET  /api/offers?q=&rome=&commune=&radius=&audience=&kind=&modality=&free=&startsBefore=&limit=&offset=
//        →  { total, offers: [...] }   (see services/offers/search.ts for what matches and the order)
//        rome and kind take comma-separated lists; radius (km) needs commune and is 15 when only commune
//        is given; limit is 20 by default, 100 at most.
//   POST /api/offers/import   (body: the LHEO XML itself, 100 MB at most)  →  the import report
//        Only when an importer is given. The body is streamed to it as it arrives.
import { Transform, type TransformCallback } from 'node:stream';
import type { Server } from 'restify';
import { z } from 'zod';
import type { Logger } from '../../services/logger';
import { communeCentre } from '../../services/offers/geo';
import { SearchFilterError } from '../../services/offers/search';
import { AUDIENCES, ImportError, OFFER_KINDS, type ImportReport, type OfferKind, type OfferSearch, type SearchFilters } from '../../services/offers/types';
import { MODALITY_LABELS, type Modality } from '../../services/understanding/modality';
import { ApiError, requireToken, route, queryObject, validate } from './http';
import { isCalendarDay } from '../../services/calendarDay';

export const DEFAULT_RADIUS_KM = 15;
const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
const LIST_PARAMETERS = new Set(['rome', 'kind']);

/** A comma-separated list ("N1101,M1203"); each item checked, duplicates dropped. */
function commaList<T extends string>(check: (item: string) => T | undefined, expected: string) {
  return z.string().transform((value, ctx) => {
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    if (!items.length) {
      ctx.addIssue({ code: 'custom', message: `vide (${expected})` });
      return z.NEVER;
    }
    const checked: T[] = [];
    for (const item of items) {
      const value = check(item);
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: `« ${item} » n’est pas reconnu (${expected})` });
        return z.NEVER;
      }
      checked.push(value);
    }
    return [...new Set(checked)];
  });
}

const number = (what: string) => z.coerce.number({ error: `${what} attendu` });
const MODALITIES = Object.keys(MODALITY_LABELS) as [Modality, ...Modality[]];

const searchQuery = z
  .object({
    q: z.string().trim().min(1, 'vide').max(200, '200 caractères au plus').optional(),
    rome: commaList(
      (item) => (/^[A-N](\d{4})?$/i.test(item) ? item.toUpperCase() : undefined),
      'des codes de fiche ROME comme N1101 ou des lettres de domaine de A à N, séparés par des virgules',
    ).optional(),
    commune: z
      .string()
      .trim()
      .regex(/^\d{5}$/, 'un code INSEE de commune, par exemple 69259')
      .refine((code) => communeCentre(code) !== undefined, 'commune inconnue : un code INSEE d’une des 58 communes de la Métropole de Lyon ou d’un arrondissement de Lyon (69381 à 69389)')
      .optional(),
    radius: number('un nombre de kilomètres').positive('un nombre de kilomètres supérieur à 0').max(100, '100 km au plus').optional(),
    audience: z.enum(AUDIENCES, { error: `attendu : ${AUDIENCES.join(', ')}` }).optional(),
    kind: commaList((item) => (OFFER_KINDS as readonly string[]).includes(item) ? (item as OfferKind) : undefined, `parmi ${OFFER_KINDS.join(', ')}`).optional(),
    modality: z.enum(MODALITIES, { error: `attendu : ${MODALITIES.join(', ')}` }).optional(),
    free: z.enum(['true', 'false'], { error: 'true ou false' }).transform((v) => v === 'true').optional(),
    startsBefore: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ')
      .refine(isCalendarDay, 'date impossible')
      .optional(),
    limit: number('un nombre entier').int('un nombre entier').min(1, 'au moins 1').max(100, '100 au plus').default(20),
    offset: number('un nombre entier').int('un nombre entier').min(0, 'à partir de 0').default(0),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.radius !== undefined && query.commune === undefined) ctx.addIssue({ code: 'custom', path: ['radius'], message: 'demande aussi le paramètre commune' });
  });

export interface OffersApiDeps {
  search: OfferSearch;
  apiToken: string | undefined;
  logger: Logger;
  /** Without it there is no import route. */
  importLheo?: (body: NodeJS.ReadableStream) => Promise<ImportReport>;
  /** The largest LHEO file accepted (100 MB); tests set a smaller one. */
  maxImportBytes?: number;
}

export function registerOffersApi(server: Server, { search, apiToken, logger, importLheo, maxImportBytes = MAX_IMPORT_BYTES }: OffersApiDeps): void {
  const auth = requireToken(apiToken, logger);

  server.get(
    '/api/offers',
    auth,
    route(async (req, res) => {
      const query = validate(searchQuery, queryObject(req, { lists: LIST_PARAMETERS }));
      const filters: SearchFilters = {
        q: query.q,
        rome: query.rome,
        commune: query.commune,
        radiusKm: query.commune ? (query.radius ?? DEFAULT_RADIUS_KM) : undefined,
        audience: query.audience,
        kinds: query.kind,
        modality: query.modality,
        free: query.free,
        startsBefore: query.startsBefore,
        limit: query.limit,
        offset: query.offset,
      };
      try {
        const { total, offers } = await search.search(filters);
        res.json({ total, offers });
      } catch (err) {
        if (err instanceof SearchFilterError) throw new ApiError(400, `Requête invalide : ${PARAMETER_OF[err.filter] ?? err.filter} : ${err.message}.`);
        throw err;
      }
    }, logger),
  );

  if (!importLheo) return;
  server.post(
    '/api/offers/import',
    auth,
    route(async (req, res) => {
      const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/xml' && type !== 'text/xml') {
        throw new ApiError(415, 'Type de contenu non pris en charge : envoyez le fichier LHEO lui-même avec « Content-Type: application/xml ».');
      }
      const tooBig = () => {
        // The rest of the body is not read: the connection closes after the answer.
        res.header('Connection', 'close');
        return new ApiError(413, `Fichier trop volumineux : ${Math.round(maxImportBytes / (1024 * 1024))} Mo au plus.`);
      };
      if (Number(req.header('content-length')) > maxImportBytes) throw tooBig();

      const body = new ByteLimit(maxImportBytes);
      req.on('error', (err) => body.destroy(err));
      req.pipe(body);
      let report: ImportReport;
      try {
        report = await importLheo(body);
      } catch (err) {
        if (body.exceeded) throw tooBig();
        if (err instanceof ImportError) throw new ApiError(400, err.message);
        throw err;
      }
      if (body.exceeded) throw tooBig();
      logger.info({ created: report.created, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped.length }, 'lheo import');
      res.json(report);
    }, logger),
  );
}

// The search's filter names are not all the API's parameter names.
const PARAMETER_OF: Partial<Record<keyof SearchFilters, string>> = { radiusKm: 'radius', kinds: 'kind' };

/** The query string as an object; a list parameter may also be repeated (kind=a&kind=b), any other may not. */

/** Passes the body through, and fails once more than `max` bytes came. */
class ByteLimit extends Transform {
  private seen = 0;
  exceeded = false;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) {
      this.exceeded = true;
      callback(new Error(`body over ${this.max} bytes`));
    } else callback(null, chunk);
  }
}
