import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Db, Queryable } from '../../db/db.js';
import { fromRoot } from '../../paths.js';
import { siretWithKey } from '../accounts/siret.rules.js';
import { importVenues } from '../venues/import.service.js';
import { checkPlace, insertPlace } from '../venues/places.service.js';
import type { VenuePlace, WorkshopInput } from '../venues/venues.contract.js';
import { DEMO_ORGANISATIONS, DEMO_PROGRAMMES, type DemoOrganisation } from './demo.data.js';

export const FRANCE_SERVICES_FILE = fromRoot('fixtures/france-services/liste-fs-20221201.csv');

const siretFrom = siretWithKey;

/** France Services sites of the file that the demo qualifies (id_fs), beside FS Mende. */
const QUALIFIED_FRANCE_SERVICES: [keyof typeof DEMO_PROGRAMMES, string][] = [
  ['lozere', '271'],
  ['lozere', '274'],
  ['bfc', '2359'],
  ['bfc', '146'],
  ['bfc', '129'],
];

const dijonPlace = (name: string, address: string, lat: number, lon: number): VenuePlace => ({
  name,
  address,
  postcode: '21000',
  communeInsee: '21231',
  latitude: lat,
  longitude: lon,
  openingHours: 'Mo-Fr 09:00-12:00,13:30-17:30',
  services: [
    'Maîtrise des outils numériques du quotidien',
    'Aide aux démarches administratives',
  ] as VenuePlace['services'],
  publics: ['Jeunes'] as VenuePlace['publics'],
  specificSupport: [],
  accessModes: ['Se présenter', 'Téléphoner'] as VenuePlace['accessModes'],
  supportModes: ['Accompagnement individuel', 'Dans un atelier collectif'] as VenuePlace['supportModes'],
  itinerant: false,
});

const WORKSHOPS: WorkshopInput[] = [
  {
    title: "Premiers pas avec l'ordinateur et le smartphone",
    service: 'Maîtrise des outils numériques du quotidien' as WorkshopInput['service'],
    level: 'initiation',
    format: 'collective',
    durationMinutes: 120,
    pricePasses: 1,
  },
  {
    title: 'Mes démarches en ligne : ameli, impots.gouv, France Travail',
    service: 'Aide aux démarches administratives' as WorkshopInput['service'],
    level: 'initiation',
    format: 'individual',
    durationMinutes: 60,
    pricePasses: 1,
  },
  {
    title: 'Sécuriser ses comptes et reconnaître les arnaques',
    service: 'Utilisation sécurisée du numérique' as WorkshopInput['service'],
    level: 'perfectionnement',
    format: 'collective',
    durationMinutes: 90,
    pricePasses: 2,
  },
];

async function addWorkshops(q: Queryable, venueId: string): Promise<void> {
  const existing = await q.query('SELECT 1 FROM workshops WHERE venue_id = $1 LIMIT 1', [venueId]);
  if (existing.length > 0) return;
  for (const [i, w] of WORKSHOPS.entries()) {
    const rows = await q.query<{ id: string }>(
      `INSERT INTO workshops (venue_id, title, service, level, format, duration_minutes, price_passes)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [venueId, w.title, w.service, w.level, w.format, w.durationMinutes, w.pricePasses],
    );
    if (w.format !== 'collective') continue;
    // Sessions in the coming weeks, on weekday mornings or afternoons, relative to the seeding day.
    for (const week of [1, 2, 3]) {
      await q.query(
        `INSERT INTO workshop_sessions (workshop_id, starts_at, capacity)
         VALUES ($1, date_trunc('week', now()) + make_interval(days => $2) + make_interval(hours => $3), 8)`,
        [rows[0]?.id, week * 7 + i, i === 0 ? 9 : 14],
      );
    }
  }
}

async function qualify(q: Queryable, programme: keyof typeof DEMO_PROGRAMMES, organisationId: string) {
  await q.query(
    `INSERT INTO venue_qualifications (programme_id, organisation_id, status, reason, renewal_date, charter_accepted_at)
     VALUES ($1, $2, 'qualified', 'Démonstration', current_date + 365, now()) ON CONFLICT DO NOTHING`,
    [DEMO_PROGRAMMES[programme], organisationId],
  );
}

async function ownPlace(q: Queryable, org: DemoOrganisation, place: VenuePlace): Promise<string> {
  const found = await q.query<{ id: string }>('SELECT id FROM venues WHERE organisation_id = $1 LIMIT 1', [org.id]);
  if (found[0]) return found[0].id;
  return insertPlace(q, checkPlace(place), {
    organisationId: org.id,
    siret: org.siret,
    source: 'passnum',
    sourceRef: null,
  });
}

/**
 * 'all': every France Services site of both territories (the demo); 'claimed-only': only the
 * sites the demo qualifies, which is all most tests need and keeps their set-up short.
 */
export type DemoDirectory = 'all' | 'claimed-only';

/**
 * The demo's directory: the real France Services of both territories from the open-data list
 * (not qualified, as after an import), some of them claimed and qualified with workshops, the
 * demo venues and the distributors' places.
 */
export async function seedDemoVenues(db: Db, scope: DemoDirectory): Promise<void> {
  let content = readFileSync(FRANCE_SERVICES_FILE, 'utf8');
  if (scope === 'claimed-only') {
    const wanted = new Set(['temp_102', ...QUALIFIED_FRANCE_SERVICES.map(([, id]) => id)]);
    const records = parse(content, { columns: true }) as Record<string, string>[];
    content = JSON.stringify(records.filter((r) => wanted.has(r.id_fs ?? '')));
  }
  const ctx = { actor: null, requestId: null };
  for (const programmeId of Object.values(DEMO_PROGRAMMES)) {
    await importVenues(db, ctx, programmeId, {
      format: 'france-services',
      fileName: 'liste-fs-20221201.csv',
      content,
      dryRun: false,
    });
  }
  const O = DEMO_ORGANISATIONS;
  await db.tx(async (q) => {
    // France Services de Mende is a demo organisation: it claims its place from the list.
    await q.query(
      `UPDATE venues SET organisation_id = $1, siret = $2 WHERE source = 'france-services' AND source_ref = 'temp_102'`,
      [O.fsMende.id, O.fsMende.siret],
    );
    for (const [n, [programme, idFs]] of QUALIFIED_FRANCE_SERVICES.entries()) {
      const site = await q.query<{ id: string; name: string; organisation_id: string | null }>(
        `SELECT id, name, organisation_id FROM venues WHERE source = 'france-services' AND source_ref = $1`,
        [idFs],
      );
      const place = site[0];
      if (!place || place.organisation_id) continue;
      const org = await q.query<{ id: string }>(
        `INSERT INTO organisations (id, name, siret, kinds) VALUES ($1, $2, $3, ARRAY['venue']) ON CONFLICT DO NOTHING RETURNING id`,
        [
          `00000000-0000-4000-8000-0000000003${String(n).padStart(2, '0')}`,
          place.name,
          siretFrom(`8800000000${String(n).padStart(3, '0')}`),
        ],
      );
      const orgId = org[0]?.id;
      if (!orgId) continue;
      await q.query('UPDATE venues SET organisation_id = $1 WHERE id = $2', [orgId, place.id]);
      await qualify(q, programme, orgId);
      await addWorkshops(q, place.id);
    }
    const mende = await q.query<{ id: string }>('SELECT id FROM venues WHERE organisation_id = $1', [O.fsMende.id]);
    if (mende[0]) await addWorkshops(q, mende[0].id);
    const epn = await ownPlace(q, O.epnDijon, {
      ...dijonPlace('Espace public numérique de Dijon', '11 rue de l’Hôpital', 47.3193, 5.0338),
      summary: 'Ateliers numériques pour tous, accès libre aux ordinateurs.',
    });
    await addWorkshops(q, epn);
    await ownPlace(q, O.mlDijon, dijonPlace('Mission locale de Dijon', '36 rue Chabot-Charny', 47.3186, 5.0448));
    await ownPlace(q, O.ftBesancon, {
      ...dijonPlace('France Travail Besançon', '2 rue Gabriel Plançon', 47.2412, 6.0255),
      postcode: '25000',
      communeInsee: '25056',
    });
    await ownPlace(q, O.departementLozere, {
      ...dijonPlace('Département de la Lozère — Maison des solidarités', '4 rue de la Rovère', 44.5187, 3.5005),
      postcode: '48000',
      communeInsee: '48095',
    });
  });
}
