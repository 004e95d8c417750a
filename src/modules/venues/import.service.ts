import type { z } from 'zod';
import { csvString } from '../../csv.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { holdsReplacementCharacters } from '../../text-encoding.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import type { Territory } from '../programmes/programmes.contract.js';
import { territoryHoldsCode } from '../territory/communes.js';
import { type DedupeCandidate, findSamePlace } from './dedupe.rules.js';
import { fromFranceServicesRow } from './france-services.transfer.js';
import { type ImportRow, rowsOfText } from './import.reader.js';
import { type CheckedPlace, checkPlace, insertPlace, updatePlace } from './places.service.js';
import { fromStandardRow, type ImportedRow } from './standard.transfer.js';
import { type ImportInput, type ImportReport, type RejectedRow, VenuePlace } from './venues.contract.js';

export type ImportFormat = 'standard' | 'france-services';

/** An import request; from the CLI, the file's rows arrive already streamed from disk. */
export type ImportRequest = Omit<z.infer<typeof ImportInput>, 'content'> & {
  content: string | AsyncIterable<ImportRow>;
};

/** Rows are applied this many at a time: memory stays flat however long the file. */
const CHUNK_ROWS = 1000;

interface Known extends DedupeCandidate {
  source: string;
  sourceRef: string | null;
  claimed: boolean;
  fingerprint: string;
}

/** What an import compares to decide "unchanged": the fields a file can set. */
const fingerprint = (p: CheckedPlace, extra: string[]) =>
  JSON.stringify([
    p.name,
    p.address,
    p.addressComplement ?? null,
    p.postcode,
    p.communeInsee,
    p.latitude,
    p.longitude,
    p.phone ?? null,
    p.email ?? null,
    p.website ?? null,
    p.openingHours ?? null,
    p.summary ?? null,
    p.description ?? null,
    p.services,
    p.publics,
    p.specificSupport,
    p.accessModes,
    p.supportModes,
    p.itinerant,
    extra,
  ]);

async function knownPlaces(q: Queryable, communes: string[]): Promise<Known[]> {
  const rows = await q.query<Record<string, unknown> & Known>(
    `SELECT id, source, source_ref AS "sourceRef", siret, name, commune_insee AS "communeInsee", latitude AS lat,
            longitude AS lon, organisation_id IS NOT NULL AS claimed, address, address_complement, postcode, phone, email,
            website, opening_hours, summary, description, services, publics, specific_support, access_modes,
            support_modes, itinerant, national_programmes
       FROM venues WHERE commune_insee = ANY($1) FOR UPDATE`,
    [communes],
  );
  return rows.map((r) => ({
    ...r,
    fingerprint: fingerprint(
      {
        name: r.name,
        address: r.address as string,
        addressComplement: (r.address_complement as string | null) ?? undefined,
        postcode: r.postcode as string,
        communeInsee: r.communeInsee,
        latitude: r.lat,
        longitude: r.lon,
        phone: (r.phone as string | null) ?? undefined,
        email: (r.email as string | null) ?? undefined,
        website: (r.website as string | null) ?? undefined,
        openingHours: (r.opening_hours as string | null) ?? undefined,
        summary: (r.summary as string | null) ?? undefined,
        description: (r.description as string | null) ?? undefined,
        services: r.services as never,
        publics: r.publics as never,
        specificSupport: r.specific_support as never,
        accessModes: r.access_modes as never,
        supportModes: r.support_modes as never,
        itinerant: r.itinerant as boolean,
        communeName: '',
      },
      r.national_programmes as string[],
    ),
  }));
}

/** The place of a parsed row, checked like an application; or why it cannot be taken. */
function checkRow(row: ImportedRow & { ok: true }): CheckedPlace | string {
  const parsed = VenuePlace.safeParse(row.place);
  if (!parsed.success) {
    return `Champ invalide : ${parsed.error.issues.map((i) => `${i.path.join('.')} (${i.message})`).join(', ')}.`;
  }
  try {
    return checkPlace(parsed.data);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const details = e.details ? ` ${JSON.stringify(e.details)}` : '';
    return `${e.message}${details}`;
  }
}

class DryRun extends Error {
  constructor(readonly counts: Counts) {
    super('dry run');
  }
}

/**
 * Imports a file of places into the directory, for the territory of one programme: new places
 * arrive not yet qualified, known ones (same source id, same SIRET in the commune, or same name
 * nearby) are updated unless their venue has claimed them (its own data wins). Rows outside the
 * territory are counted and skipped; bad rows are reported with their reason. A preview runs
 * exactly the same work and rolls it back. Importing the same file twice changes nothing.
 */
export async function importVenues(
  db: Db,
  ctx: RequestContext,
  programmeId: string,
  input: ImportRequest,
): Promise<ImportReport> {
  if (typeof input.content === 'string' && holdsReplacementCharacters(input.content)) {
    throw new AppError('IMPORT_ENCODING');
  }
  const rows = typeof input.content === 'string' ? rowsOfText(input.content) : input.content;
  const source = input.format === 'france-services' ? 'france-services' : 'import';
  let counts: Counts;
  try {
    counts = await db.tx(async (q) => {
      const c = await applyAllRows(q, programmeId, rows, input.format, source);
      if (input.dryRun) throw new DryRun(c);
      await recordAudit(q, ctx, {
        programmeId,
        action: 'venue.import',
        entityType: 'programme',
        entityId: programmeId,
        after: { format: input.format, fileName: input.fileName ?? null, ...c, rejected: c.rejected.length },
      });
      return c;
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
    counts = e.counts;
  }
  const log = await db.query<{ id: string }>(
    `INSERT INTO venue_imports (programme_id, format, file_name, created_by, dry_run, rows_read, created, updated, unchanged,
       out_of_territory, rejected) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      programmeId,
      input.format,
      input.fileName ?? null,
      ctx.actor?.userId ?? null,
      input.dryRun,
      counts.rowsRead,
      counts.created,
      counts.updated,
      counts.unchanged,
      counts.outOfTerritory,
      JSON.stringify(counts.rejected),
    ],
  );
  return { importId: (log[0] as { id: string }).id, dryRun: input.dryRun, ...counts };
}

type Counts = Omit<ImportReport, 'importId' | 'dryRun'>;

async function applyAllRows(
  q: Queryable,
  programmeId: string,
  rows: AsyncIterable<ImportRow>,
  format: ImportFormat,
  source: string,
): Promise<Counts> {
  const programme = await q.query<{ territory: Territory }>('SELECT territory FROM programmes WHERE id = $1', [
    programmeId,
  ]);
  if (!programme[0]) throw new AppError('PROGRAMME_NOT_FOUND');
  const territory = programme[0].territory;
  const counts: Counts = { rowsRead: 0, created: 0, updated: 0, unchanged: 0, outOfTerritory: 0, rejected: [] };
  // Places already read, by commune: a later chunk finds the ones an earlier chunk created.
  const known = new Map<string, Known[]>();
  let chunk: ImportRow[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === CHUNK_ROWS) {
      await applyRows(q, territory, chunk, counts, known, format, source);
      chunk = [];
    }
  }
  await applyRows(q, territory, chunk, counts, known, format, source);
  return counts;
}

async function applyRows(
  q: Queryable,
  territory: Territory,
  rows: ImportRow[],
  counts: Counts,
  knownByCommune: Map<string, Known[]>,
  format: ImportFormat,
  source: string,
): Promise<void> {
  // Line 1 is the CSV header.
  const firstLine = counts.rowsRead + 2;
  counts.rowsRead += rows.length;
  const parsed = rows.map((r) => (format === 'france-services' ? fromFranceServicesRow(r) : fromStandardRow(r)));
  const inside = parsed.map((row) => {
    const code = row.ok ? row.place.communeInsee : row.territoryCode;
    return code === null || territoryHoldsCode(territory, code) ? row : null;
  });
  const communes = [...new Set(inside.flatMap((r) => (r?.ok ? [r.place.communeInsee] : [])))];
  const unread = communes.filter((c) => !knownByCommune.has(c));
  for (const c of unread) knownByCommune.set(c, []);
  for (const k of await knownPlaces(q, unread)) knownByCommune.get(k.communeInsee)?.push(k);
  const known = communes.flatMap((c) => knownByCommune.get(c) ?? []);
  for (const [i, row] of inside.entries()) {
    const line = firstLine + i;
    if (row === null) {
      counts.outOfTerritory++;
      continue;
    }
    if (!row.ok) {
      counts.rejected.push({ line, id: row.sourceRef, name: row.name, reason: row.reason });
      continue;
    }
    const place = checkRow(row);
    if (typeof place === 'string') {
      counts.rejected.push({ line, id: row.sourceRef, name: row.place.name, reason: place });
      continue;
    }
    const print = fingerprint(place, row.nationalProgrammes);
    const same =
      known.find((k) => k.source === source && k.sourceRef === row.sourceRef) ??
      findSamePlace(
        {
          siret: row.siret,
          name: place.name,
          communeInsee: place.communeInsee,
          lat: place.latitude,
          lon: place.longitude,
        },
        known,
      );
    if (same && (same.claimed || same.fingerprint === print)) {
      counts.unchanged++;
      continue;
    }
    let id: string;
    if (same) {
      id = same.id;
      await updatePlace(q, id, place);
      same.fingerprint = print;
      counts.updated++;
    } else {
      id = await insertPlace(q, place, { organisationId: null, siret: row.siret, source, sourceRef: row.sourceRef });
      const created: Known = {
        id,
        source,
        sourceRef: row.sourceRef,
        siret: row.siret,
        name: place.name,
        communeInsee: place.communeInsee,
        lat: place.latitude,
        lon: place.longitude,
        claimed: false,
        fingerprint: print,
      };
      known.push(created);
      knownByCommune.get(place.communeInsee)?.push(created);
      counts.created++;
    }
    await q.query('UPDATE venues SET national_programmes = $2, typologies = $3 WHERE id = $1', [
      id,
      row.nationalProgrammes,
      row.typologies,
    ]);
  }
}

async function getImport(q: Queryable, importId: string) {
  const rows = await q.query<{ programme_id: string; rejected: RejectedRow[]; file_name: string | null }>(
    'SELECT programme_id, rejected, file_name FROM venue_imports WHERE id = $1',
    [importId],
  );
  if (!rows[0]) throw new AppError('IMPORT_NOT_FOUND');
  return rows[0];
}

export async function programmeOfImport(q: Queryable, importId: string): Promise<string | null> {
  const rows = await q.query<{ programme_id: string }>('SELECT programme_id FROM venue_imports WHERE id = $1', [
    importId,
  ]);
  return rows[0]?.programme_id ?? null;
}

/** The rows an import rejected, with the reason of each, as CSV for the operator's spreadsheet. */
export async function rejectedRowsCsv(q: Queryable, importId: string): Promise<string> {
  const log = await getImport(q, importId);
  return csvString(
    log.rejected.map((r) => [r.line, r.id ?? '', r.name ?? '', r.reason]),
    { header: true, columns: ['ligne', 'identifiant', 'nom', 'motif'] },
  );
}
