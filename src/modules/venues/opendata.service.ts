import type { Writable } from 'node:stream';
import { csvStream } from '../../csv.js';
import type { Queryable } from '../../db/db.js';
import { closeWith, writeInTurn } from '../../streams.js';
import { type PublishedPlace, STANDARD_COLUMNS, toStandardRow } from './standard.transfer.js';

const BATCH = 2000;

/**
 * Every place the territory knows (imported, applied, qualified), by keyset pages so that a
 * large territory never sits in memory at once; `programmes` names those whose passes it takes.
 */
async function* publishedPlaces(q: Queryable): AsyncGenerator<PublishedPlace[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await q.query<PublishedPlace>(
      `SELECT v.id, v.siret, v.name, v.address, v.address_complement AS "addressComplement", v.postcode,
              v.commune_insee AS "communeInsee", v.commune_name AS "communeName", v.latitude, v.longitude, v.phone,
              v.email, v.website, v.opening_hours AS "openingHours", v.summary, v.description, v.services, v.publics,
              v.specific_support AS "specificSupport", v.access_modes AS "accessModes", v.support_modes AS "supportModes",
              v.national_programmes AS "nationalProgrammes", v.itinerant, to_json(v.updated_at) #>> '{}' AS "updatedAt",
              array(SELECT p.name FROM venue_qualifications vq JOIN programmes p ON p.id = vq.programme_id
                     WHERE vq.organisation_id = v.organisation_id AND vq.status = 'qualified' ORDER BY p.name) AS programmes
         FROM venues v
        WHERE v.id > $1
        ORDER BY v.id LIMIT $2`,
      [after, BATCH],
    );
    if (rows.length === 0) return;
    yield rows;
    after = (rows[rows.length - 1] as PublishedPlace).id;
  }
}

/** The open-data export in the national standard, as CSV (the standard's column order) or JSON. */
export async function writeOpenData(
  q: Queryable,
  format: 'csv' | 'json',
  out: Writable,
  source: string,
  onRefused?: (venueId: string, reason: string) => void,
): Promise<void> {
  const csv = format === 'csv' ? csvStream({ header: true, columns: [...STANDARD_COLUMNS] }) : null;
  if (csv) {
    csv.pipe(out);
    closeWith(csv, out);
  } else out.write('[');
  let first = true;
  for await (const batch of publishedPlaces(q)) {
    for (const place of batch) {
      let row: ReturnType<typeof toStandardRow>;
      try {
        row = toStandardRow(place, source);
      } catch (err) {
        // One place the standard refuses must not cut the file for everyone: it is left out, said to the caller.
        onRefused?.(place.id, err instanceof Error ? err.message : String(err));
        continue;
      }
      // Each line waits its turn behind a slow reader, and the file stops when the reader leaves.
      const written = csv
        ? await writeInTurn(csv, row)
        : await writeInTurn(out, `${first ? '' : ','}\n${JSON.stringify(row)}`);
      if (!written) return;
      first = false;
    }
  }
  if (csv) {
    await new Promise<void>((resolve) => {
      out.once('finish', resolve);
      csv.end();
    });
  } else {
    out.end('\n]\n');
  }
}
