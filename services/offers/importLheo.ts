// An LHEO file into the catalogue, all or nothing: the formations stream from the reader into one
// open transaction, so a file that turns out malformed at its last line leaves nothing written.
import type { CatalogueStore } from './catalogue';
import { readLheo, type LheoInput, type LheoItem } from './lheo';
import type { ImportReport, OfferInput } from './types';

/**
 * Reads an LHEO 2.2 or 2.3 document from the stream and upserts its formations (source "lheo",
 * sourceId = the formation's numero attribute). Throws ImportError (nothing written) for malformed
 * XML, a file that is not LHEO, or another LHEO version; formations that cannot be used (no title,
 * no numero…) are skipped with a reason in the report.
 */
export async function importLheo(store: CatalogueStore, input: LheoInput): Promise<ImportReport> {
  const skipped: ImportReport['skipped'] = [];
  const report = await store.upsert(offersOf(readLheo(input), skipped));
  return { ...report, skipped: [...report.skipped, ...skipped] };
}

async function* offersOf(items: AsyncIterable<LheoItem>, skipped: ImportReport['skipped']): AsyncGenerator<OfferInput> {
  for await (const item of items) {
    if ('offer' in item) yield item.offer;
    else skipped.push(item.skipped);
  }
}
