/**
 * `passnum simulate --scale national`: a France of Pass numérique programmes, one per
 * département, 2,000,000 people, 10,000,000 passes, 20,000 venues, three years of hand-outs,
 * workshops, questionnaires, reminders with their holdout, statements and payments. At this size
 * the domain's services (one request per hand-out) would take days: the rows are drawn here by
 * the domain's rules (eligibility, codes sealed and hashed as issuance does, the reminder draw,
 * the pass states, the journal's accounts) and loaded with COPY, one transaction per programme,
 * so that an interrupted run resumes at the first programme not loaded.
 */
import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import pg from 'pg';
import type { Db } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { isEmpty, seedDemo } from '../demo/demo.seed.js';
import type { EligibilityRule } from '../programmes/programmes.contract.js';
import { armOf } from '../reminders/reminders.rules.js';
import { foldKeptTotals } from '../system/kept-totals.js';
import { type CommunePoint, communePointsIn } from '../territory/commune-points.js';
import { listAreas } from '../territory/communes.js';
import { NearestIndex } from '../territory/coverage.rules.js';
import { ibanSealer } from '../venues/iban.crypto.js';
import { beneficiaryFingerprint } from '../vouchers/beneficiary.rules.js';
import { codeHash, codeKeys, encryptCode } from '../vouchers/code.crypto.js';
import { generateCode } from '../vouchers/code.rules.js';
import { copyLine, copyRows } from './copy.js';
import {
  apportion,
  carnetLife,
  DAY_MS,
  monthOf,
  NATIONAL,
  PROGRAMME_KINDS,
  partSeed,
  personFor,
  seasonalMoment,
  stableUuid,
  venuePull,
  WeightedTable,
} from './national.rules.js';
import { letters, prng } from './simulation.rules.js';
import type { Progress } from './simulation.service.js';

export interface NationalOptions {
  /** A URL of the PostgreSQL database (its search_path included, for tests). */
  databaseUrl: string;
  secret: string;
  seed: number;
  /** 1 for the national figures; tests load a thousandth. */
  fraction?: number;
  progress: Progress;
}

/** The services venues offer (the national standard's words), drawn for each workshop. */
const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Accès internet et matériel informatique',
  'Parentalité et éducation avec le numérique',
] as const;
const LEVELS = ['accompagne', 'partiel', 'autonome'] as const;
const AFTER_DAYS = 30;
const HOLDOUT_PERCENT = 10;
const BIC = 'AGRIFRPP882';

interface Departement {
  code: string;
  name: string;
  region: string;
  communes: CommunePoint[];
  population: number;
}

interface VenueRow {
  id: string;
  bankAccountId: string;
  lat: number;
  lon: number;
  pull: number;
  services: string[];
}

interface Plan {
  departements: Departement[];
  carnets: number[];
  venues: number[];
  usage: number[];
}

const siret = (seed: number, n: number) => `9${String(seed % 1000).padStart(3, '0')}${String(n).padStart(10, '0')}`;
const programmeCode = (d: Departement) => `N${d.code}`;
const programmeId = (seed: number, d: Departement) => stableUuid(seed, `programme:${d.code}`);
const hubId = (seed: number, region: string) => stableUuid(seed, `hub:${region}`);
const councilId = (seed: number, d: Departement) => stableUuid(seed, `council:${d.code}`);
const distributorIds = (seed: number, d: Departement, n: number) =>
  Array.from({ length: n }, (_, i) => stableUuid(seed, `distributor:${d.code}:${i}`));

/** Who gets how much: carnets by population with a programme's own ambition, venues by population, usage 20-80 %. */
function plan(seed: number, fraction: number): Plan {
  const random = prng(partSeed(seed, 'plan'));
  const departements = listAreas()
    .departements.map((a) => {
      const communes = communePointsIn({ regions: [], departements: [a.code], communes: [] }).filter(
        (c) => c.population > 0,
      );
      return { ...a, communes, population: communes.reduce((s, c) => s + c.population, 0) };
    })
    .filter((d) => d.communes.length > 0);
  const people = Math.round(NATIONAL.people * fraction);
  return {
    departements,
    carnets: apportion(
      departements.map((d) => d.population * (0.5 + random())),
      people,
      1,
    ),
    venues: apportion(
      departements.map((d) => d.population),
      Math.max(2 * departements.length, Math.round(NATIONAL.venues * fraction)),
      2,
    ),
    usage: departements.map(() => 0.2 + 0.6 * random()),
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function inTransaction<T>(c: pg.Client, fn: () => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const out = await fn();
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

export async function simulateNational(db: Db, o: NationalOptions) {
  if (db.kind !== 'postgres') throw new AppError('SIMULATION_NEEDS_POSTGRES');
  const fraction = o.fraction ?? 1;
  const claimed = await db.query<{ seed: string; finished_at: Date | null }>(
    `INSERT INTO simulations (scale, seed) VALUES ('national', $1)
     ON CONFLICT (scale) DO UPDATE SET scale = EXCLUDED.scale RETURNING seed::text, finished_at`,
    [o.seed],
  );
  const claim = claimed[0];
  if (claim?.finished_at) throw new AppError('SIMULATION_ALREADY_RUN', { scale: 'national' });
  if (claim && Number(claim.seed) !== o.seed) {
    throw new AppError('SIMULATION_SEED_DIFFERS', { seed: Number(claim.seed) });
  }
  const started = performance.now();
  const now = Date.now();
  o.progress('Préparation', 0);
  if (await isEmpty(db)) await seedDemo(db);
  const p = plan(o.seed, fraction);
  const totalCarnets = p.carnets.reduce((s, n) => s + n, 0);
  await withClient(o.databaseUrl, async (c) => {
    const venuesByDepartement = await loadShared(c, o, p);
    const loaded = new Set(
      (
        await c.query<{ id: string }>('SELECT id FROM programmes WHERE id = ANY($1::uuid[])', [
          p.departements.map((d) => programmeId(o.seed, d)),
        ])
      ).rows.map((r) => r.id),
    );
    // Programmes already loaded (a run interrupted and started again) are skipped.
    const todo = [...p.departements.entries()].filter(([, d]) => !loaded.has(programmeId(o.seed, d)));
    let done = p.carnets.reduce(
      (s, n, i) => (loaded.has(programmeId(o.seed, p.departements[i] as Departement)) ? s + n : s),
      0,
    );
    const draw = (k: number) => {
      const [i, d] = todo[k] as [number, Departement];
      const drawing = drawProgramme(db, o, d, {
        carnets: p.carnets[i] as number,
        usage: p.usage[i] as number,
        kind: i % PROGRAMME_KINDS.length,
        venues: venuesByDepartement.get(d.code) ?? [],
        now,
        progress: (f: number) =>
          o.progress(
            `${programmeCode(d)} ${d.name} (${i + 1}/${p.departements.length})`,
            0.02 + (0.93 * (done + f * (p.carnets[i] as number))) / totalCarnets,
          ),
      });
      // Awaited in the next turn of the loop; until then a failure must not count as unhandled.
      drawing.catch(() => undefined);
      return drawing;
    };
    // While one programme is written, the next is drawn.
    let next = todo.length > 0 ? draw(0) : null;
    for (let k = 0; next; k++) {
      const drawn = await next;
      next = k + 1 < todo.length ? draw(k + 1) : null;
      await inTransaction(c, () => writeProgramme(c, o, drawn));
      done += drawn.carnets;
    }
  });
  o.progress('Soldes et statistiques', 0.96);
  await foldKeptTotals(db);
  await db.query('ANALYZE');
  await db.query(`UPDATE simulations SET finished_at = now() WHERE scale = 'national'`);
  o.progress('Terminé', 1);
  const [counts] = await db.query<{ programmes: number; passes: number; used: number; venues: number }>(
    `SELECT count(*)::int AS programmes, COALESCE(sum(s.passes), 0)::int AS passes, COALESCE(sum(s.used), 0)::int AS used,
            (SELECT count(*)::int FROM venues WHERE source = 'simulation-national') AS venues
       FROM programmes pg
       CROSS JOIN LATERAL (SELECT sum(passes) AS passes, sum(used) AS used FROM carnet_usage u WHERE u.programme_id = pg.id) s
      WHERE pg.code LIKE 'N%'`,
  );
  return { ...(counts as NonNullable<typeof counts>), seconds: (performance.now() - started) / 1000 };
}

/** The organisations every programme needs: the State, a hub per région, councils, distributors and venues. */
async function loadShared(c: pg.Client, o: NationalOptions, p: Plan): Promise<Map<string, VenueRow[]>> {
  const random = prng(partSeed(o.seed, 'venues'));
  const byDepartement = new Map<string, VenueRow[]>();
  const orgs: string[] = [];
  const venues: string[] = [];
  const accounts: string[] = [];
  const sealer = ibanSealer(o.secret);
  const iban = sealer.seal('FR7630006000011234567890189');
  let n = 0;
  const org = (id: string, name: string, kinds: string, sectors: string) =>
    orgs.push(copyLine([id, name.slice(0, 200), siret(o.seed, n++), kinds, sectors]));
  org(
    stableUuid(o.seed, 'state'),
    'Agence nationale de la cohésion des territoires (simulation)',
    '{funder}',
    '{etat}',
  );
  for (const region of new Set(p.departements.map((d) => d.region))) {
    org(hubId(o.seed, region), `Hub numérique régional ${region} (simulation)`, '{operator}', '{reseau}');
  }
  for (const [i, d] of p.departements.entries()) {
    org(councilId(o.seed, d), `Conseil départemental — ${d.name}`, '{funder,distributor}', '{collectivite}');
    const places = [...d.communes].sort((a, b) => b.population - a.population);
    for (const [k, id] of distributorIds(o.seed, d, distributorsOf(d)).entries()) {
      const where = places[k % places.length] as CommunePoint;
      const name = ['Mission locale', 'France Travail', 'France Services'][k % 3];
      org(id, `${name} — ${where.name}`, '{distributor}', k % 3 === 2 ? '{etat}' : '{emploi}');
    }
    const communes = new WeightedTable(d.communes, (x) => x.population);
    const list: VenueRow[] = [];
    for (let k = 0; k < (p.venues[i] as number); k++) {
      const id = stableUuid(o.seed, `venue:${d.code}:${k}`);
      const where = communes.pick(random);
      const services = SERVICES.filter(() => random() < 0.5);
      const row: VenueRow = {
        id,
        bankAccountId: stableUuid(o.seed, `bank:${d.code}:${k}`),
        lat: where.latitude + (random() - 0.5) * 0.01,
        lon: where.longitude + (random() - 0.5) * 0.01,
        pull: venuePull(random),
        services: services.length > 0 ? services : [SERVICES[0]],
      };
      list.push(row);
      const name = `Atelier numérique de ${where.name} ${letters(k).toUpperCase()}`;
      org(id, name, '{venue}', '{association}');
      venues.push(
        copyLine([
          id,
          'simulation-national',
          name.slice(0, 200),
          `${1 + (k % 40)} place de la Mairie`,
          '00000',
          where.code,
          where.name,
          row.lat,
          row.lon,
          `{${row.services.map((s) => `"${s}"`).join(',')}}`,
        ]),
      );
      accounts.push(copyLine([row.bankAccountId, id, name.slice(0, 70), iban.sealed, iban.masked, BIC, 'confirmed']));
    }
    byDepartement.set(d.code, list);
  }
  const done = await c.query('SELECT 1 FROM organisations WHERE id = $1', [stableUuid(o.seed, 'state')]);
  if (done.rowCount === 0) {
    o.progress('Organisations et lieux', 0.01);
    await inTransaction(c, async () => {
      await copyRows(c, 'organisations', ['id', 'name', 'siret', 'kinds', 'sectors'], orgs);
      await copyRows(
        c,
        'venues',
        [
          'organisation_id',
          'source',
          'name',
          'address',
          'postcode',
          'commune_insee',
          'commune_name',
          'latitude',
          'longitude',
          'services',
        ],
        venues,
      );
      await copyRows(
        c,
        'bank_accounts',
        ['id', 'organisation_id', 'holder', 'iban_sealed', 'iban_masked', 'bic', 'status'],
        accounts,
      );
    });
  }
  return byDepartement;
}

const distributorsOf = (d: Departement) => Math.min(30, 3 + Math.floor(d.population / 100_000));

interface ProgrammeInput {
  carnets: number;
  usage: number;
  kind: number;
  venues: VenueRow[];
  /** The run's present: one moment for every programme. */
  now: number;
  progress: (fraction: number) => void;
}

type Drawn = Awaited<ReturnType<typeof drawProgramme>>;

/**
 * One département's programme drawn in memory: every row, in COPY's format. It yields to the
 * event loop now and then, so that the previous programme's COPY goes on meanwhile (the two
 * cores: one draws, the other loads).
 */
async function drawProgramme(db: Db, o: NationalOptions, d: Departement, input: ProgrammeInput) {
  const random = prng(partSeed(o.seed, `programme:${d.code}`));
  const keys = codeKeys(o.secret);
  const id = programmeId(o.seed, d);
  const code = programmeCode(d);
  const kind = PROGRAMME_KINDS[input.kind] as (typeof PROGRAMME_KINDS)[number];
  const now = input.now;
  // Three years of life, programmes starting within six months of each other.
  const start = now - NATIONAL.years * 365 * DAY_MS + Math.floor(random() * 180) * DAY_MS;
  const value = NATIONAL.faceValueCents;
  const perCarnet = NATIONAL.passesPerCarnet;
  const envelope = Math.ceil((input.carnets * perCarnet * value) / 0.9);
  const campaignSeed = createHash('sha256').update(`${o.seed}:campaign:${d.code}`).digest('hex').slice(0, 32);
  const campaignId = stableUuid(o.seed, `campaign:${d.code}`);

  // Who hands out, who welcomes: distributors by size, venues by pull or nearest to the person.
  const distributors = distributorIds(o.seed, d, distributorsOf(d));
  distributors.push(councilId(o.seed, d));
  const byDistributor = new WeightedTable(
    distributors.map((x, i) => ({ id: x, w: 1 / (i + 1) })),
    (x) => x.w,
  );
  const venueByPull = new WeightedTable(input.venues, (v) => v.pull);
  const nearest = new NearestIndex(input.venues);
  const nearestOf = new Map<string, VenueRow>();
  const communes = new WeightedTable(d.communes, (x) => x.population);

  // Hand-outs over three years with the seasons; carnets numbered in the order they went out.
  const moments = Array.from({ length: input.carnets }, () => seasonalMoment(random, start, now - DAY_MS)).sort(
    (a, b) => a - b,
  );
  const orders = [0, 1, 2].map((y) => ({
    id: stableUuid(o.seed, `order:${d.code}:${y}`),
    jobId: stableUuid(o.seed, `job:${d.code}:${y}`),
    at: start + y * 365 * DAY_MS - 20 * DAY_MS,
    carnets: 0,
    first: 0,
  }));
  const orderOf = (t: number) => orders[Math.min(2, Math.floor((t - start) / (365 * DAY_MS)))] as (typeof orders)[0];
  for (const t of moments) orderOf(t).carnets++;
  let seq = 0;
  for (const order of orders) {
    order.first = seq + 1;
    seq += order.carnets;
  }
  const rows = {
    beneficiaries: [] as string[],
    carnets: [] as string[],
    passes: [] as string[],
    redemptions: [] as string[],
    redemptionPasses: [] as string[],
    statements: [] as string[],
    lines: [] as string[],
    batches: [] as string[],
    evaluations: [] as string[],
    enrolments: [] as string[],
    usage: [] as string[],
  };
  interface Spent {
    passId: number;
    redemptionId: string;
  }
  // Statements per venue and month; months before last are paid, last month's is validated.
  const thisMonth = monthOf(now).key;
  const lastMonth = monthOf(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 0)).key;
  interface Statement {
    id: string;
    venue: VenueRow;
    month: ReturnType<typeof monthOf>;
    cents: number;
    lines: Spent[];
  }
  const statements = new Map<string, Statement>();
  const redemptionStatement = new Map<string, Statement>();
  const reward = (month: string) => (month < lastMonth ? 'paid' : 'validated');
  const year = new Date(now).getUTCFullYear();
  const validityMs = (kind.validityMonths * 365 * DAY_MS) / 12;

  const passCount = input.carnets * perCarnet;
  const firstPass = Number(
    (
      await db.query<{ first: string }>(
        `SELECT setval('passes_id_seq', nextval('passes_id_seq') + $1 - 1) - $1 + 1 AS first`,
        [passCount],
      )
    )[0]?.first,
  );
  for (let n = 0; n < input.carnets; n++) {
    if (n % 2_000 === 0) {
      input.progress((0.8 * n) / input.carnets);
      await setImmediate();
    }
    const distributedAt = moments[n] as number;
    const sequence = n + 1;
    const carnetId = stableUuid(o.seed, `carnet:${d.code}:${sequence}`);
    const beneficiaryId = stableUuid(o.seed, `person:${d.code}:${sequence}`);
    const commune = communes.pick(random);
    const distributor = byDistributor.pick(random).id;
    const person = personFor(kind.eligibility as EligibilityRule[], random, year);
    const consent = random() < 0.5;
    const lastName = `National ${letters(n)}`;
    const fingerprint = beneficiaryFingerprint(o.secret, {
      firstName: 'Camille',
      lastName,
      birthYear: person.birthYear,
      birthMonth: person.birthMonth,
      birthDay: 1,
    });
    rows.beneficiaries.push(
      copyLine([
        beneficiaryId,
        id,
        fingerprint,
        person.birthYear,
        person.birthMonth,
        commune.code,
        person.category,
        random() < 0.55 ? 'F' : 'M',
        consent,
        consent ? 'Camille' : null,
        consent ? lastName : null,
        consent ? `personne-${code.toLowerCase()}-${letters(n)}@simulation.invalid` : null,
        new Date(distributedAt),
      ]),
    );
    const order = orderOf(distributedAt);
    rows.carnets.push(
      copyLine([
        carnetId,
        id,
        order.id,
        sequence,
        `${code}-${String(sequence).padStart(6, '0')}`,
        distributor,
        beneficiaryId,
        new Date(distributedAt),
        distributor,
        new Date(order.at),
      ]),
    );
    const expiresAt = distributedAt + validityMs;
    const life = carnetLife(random, {
      distributedAt,
      now,
      expiresAt,
      usage: input.usage,
      passes: perCarnet,
      afterDays: AFTER_DAYS,
      armOf: () => armOf(campaignSeed, carnetId, HOLDOUT_PERCENT),
    });
    if (life.enrolledAt !== null && life.arm) {
      const reminded = life.arm === 'reminded';
      rows.enrolments.push(
        copyLine([
          carnetId,
          campaignId,
          life.arm,
          'unused',
          new Date(life.enrolledAt),
          reminded ? 1 : 0,
          reminded ? new Date(life.enrolledAt) : null,
        ]),
      );
    }
    let venue = venueByPull.pick(random);
    if (random() < 0.6) {
      let near = nearestOf.get(commune.code);
      if (!near) {
        near = nearest.nearest({ lat: commune.latitude, lon: commune.longitude })?.place ?? venue;
        nearestOf.set(commune.code, near);
      }
      venue = near;
    }
    // The carnet's five passes, with their states once the visits are known.
    const fates: ({ at: number; redemptionId: string; service: string; paid: boolean } | null)[] = [];
    for (const [k, visit] of life.visits.entries()) {
      const redemptionId = stableUuid(o.seed, `redemption:${d.code}:${sequence}:${k}`);
      const service = venue.services[Math.floor(random() * venue.services.length)] as string;
      const month = monthOf(visit.at);
      let statementId: string | null = null;
      if (month.key < thisMonth) {
        const key = `${venue.id}:${month.key}`;
        let s = statements.get(key);
        if (!s) {
          s = { id: stableUuid(o.seed, `statement:${key}`), venue, month, cents: 0, lines: [] };
          statements.set(key, s);
        }
        s.cents += visit.passes * value;
        statementId = s.id;
        redemptionStatement.set(redemptionId, s);
      }
      rows.redemptions.push(
        copyLine([
          redemptionId,
          id,
          venue.id,
          service,
          visit.passes * value,
          visit.passes,
          new Date(visit.at),
          statementId,
        ]),
      );
      for (let x = 0; x < visit.passes; x++) {
        fates.push({ at: visit.at, redemptionId, service, paid: statementId !== null && reward(month.key) === 'paid' });
      }
    }
    const tally = { used: 0, reimbursed: 0, expired: 0 };
    for (let k = 0; k < perCarnet; k++) {
      const passId = firstPass + n * perCarnet + k;
      const pass = generateCode();
      const hash = codeHash(keys, pass);
      const fate = fates[k] ?? null;
      let state: string;
      let changed: number;
      if (fate) {
        state = fate.paid ? 'reimbursed' : 'redeemed';
        changed = fate.at;
        tally.used++;
        if (fate.paid) tally.reimbursed++;
        rows.redemptionPasses.push(copyLine([fate.redemptionId, passId, id]));
        redemptionStatement.get(fate.redemptionId)?.lines.push({ passId, redemptionId: fate.redemptionId });
        if (random() < 0.2) {
          const before = Math.floor(random() * 3);
          const after = Math.min(2, before + (random() < 0.55 ? 1 : 0));
          rows.evaluations.push(
            copyLine([
              createHash('sha256').update('evaluation:').update(hash).digest(),
              id,
              venue.id,
              fate.service,
              random() < 0.1 ? 2 + Math.floor(random() * 2) : 4 + Math.floor(random() * 2),
              LEVELS[before] as string,
              LEVELS[after] as string,
              random() < 0.85,
              new Date(Math.min(now, fate.at + DAY_MS)).toISOString().slice(0, 10),
            ]),
          );
        }
      } else if (expiresAt < now) {
        state = 'expired';
        changed = expiresAt;
        tally.expired++;
      } else {
        state = 'distributed';
        changed = distributedAt;
      }
      rows.passes.push(
        copyLine([
          passId,
          id,
          carnetId,
          k + 1,
          hash,
          encryptCode(keys, pass),
          value,
          state,
          new Date(expiresAt).toISOString().slice(0, 10),
          new Date(changed),
        ]),
      );
    }
    // The dashboard's pre-aggregate row, as carnet_usage_refresh() would compute it from these passes.
    rows.usage.push(
      copyLine([
        carnetId,
        id,
        new Date(distributedAt),
        distributor,
        commune.code,
        person.category,
        person.birthYear,
        perCarnet,
        perCarnet * value,
        tally.used,
        tally.used * value,
        tally.reimbursed,
        tally.reimbursed * value,
        tally.expired,
        tally.expired * value,
        life.visits[0] ? new Date(life.visits[0].at) : null,
      ]),
    );
  }
  input.progress(0.8);
  // Payment batches: one per month paid; statements drawn up the day after the month, paid ten days later.
  const batches = new Map<string, { id: string; cents: number; paidOn: string; at: Date }>();
  for (const s of statements.values()) {
    const status = reward(s.month.key);
    const closed = Date.parse(`${s.month.end}T12:00:00Z`);
    let batchId: string | null = null;
    let paidOn: string | null = null;
    if (status === 'paid') {
      let b = batches.get(s.month.key);
      if (!b) {
        b = {
          id: stableUuid(o.seed, `batch:${d.code}:${s.month.key}`),
          cents: 0,
          paidOn: new Date(closed + 10 * DAY_MS).toISOString().slice(0, 10),
          at: new Date(closed + 8 * DAY_MS),
        };
        batches.set(s.month.key, b);
      }
      b.cents += s.cents;
      batchId = b.id;
      paidOn = b.paidOn;
    }
    rows.statements.push(
      copyLine([
        s.id,
        id,
        s.venue.id,
        `${code}-${s.month.key}-${s.venue.id.slice(0, 8)}`,
        s.month.start,
        s.month.end,
        status,
        s.cents,
        new Date(closed + DAY_MS),
        new Date(closed + 2 * DAY_MS),
        new Date(closed + 5 * DAY_MS),
        batchId,
        paidOn,
        s.venue.bankAccountId,
      ]),
    );
    for (const line of s.lines) rows.lines.push(copyLine([s.id, line.passId, line.redemptionId, id, value]));
  }
  for (const [month, b] of batches) {
    rows.batches.push(
      copyLine([b.id, id, `${code}-${month}`, `simulation-${month}`, 'paid', b.paidOn, b.cents, b.at, b.paidOn]),
    );
  }
  return {
    d,
    id,
    code,
    kind: input.kind,
    start,
    envelope,
    carnets: input.carnets,
    passCount,
    venues: input.venues.map((v) => v.id),
    orders: orders.filter((x) => x.carnets > 0),
    sequences: seq,
    campaignId,
    campaignSeed,
    rows,
  };
}

/** Writes a drawn programme, in the caller's transaction: its terms, funders, orders, then every row by COPY. */
async function writeProgramme(c: pg.Client, o: NationalOptions, w: Drawn): Promise<void> {
  const { d, id, code, start, envelope, rows, passCount } = w;
  const kind = PROGRAMME_KINDS[w.kind] as (typeof PROGRAMME_KINDS)[number];
  const value = NATIONAL.faceValueCents;
  const perCarnet = NATIONAL.passesPerCarnet;
  const startDate = new Date(start).toISOString().slice(0, 10);
  const sealer = ibanSealer(o.secret);
  const debtor = sealer.seal('FR7630006000011234567890189');
  await c.query(
    `INSERT INTO programmes (id, code, name, operator_organisation_id, territory, envelope_cents, engineering_cents,
                             face_value_cents, passes_per_carnet, validity_months, start_date, eligibility, prescription_mode,
                             debtor_name, debtor_iban_sealed, debtor_iban_masked, debtor_bic, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $11::date)`,
    [
      id,
      code,
      `Pass numérique — ${d.name} (simulation)`,
      hubId(o.seed, d.region),
      JSON.stringify({ regions: [], departements: [d.code], communes: [] }),
      envelope,
      Math.floor(envelope / 10),
      value,
      perCarnet,
      kind.validityMonths,
      startDate,
      JSON.stringify(kind.eligibility),
      w.kind === 0 ? 'open' : 'restricted',
      `Conseil départemental — ${d.name}`.slice(0, 70),
      debtor.sealed,
      debtor.masked,
      BIC,
    ],
  );
  // The département pays half of what is handed out; the State half of what is used only.
  await c.query(
    `INSERT INTO programme_funders (programme_id, organisation_id, share_bp, basis) VALUES ($1, $2, 5000, 'issued'), ($1, $3, 5000, 'used')`,
    [id, councilId(o.seed, d), stableUuid(o.seed, 'state')],
  );
  // The campaign opened by the programme's trigger, given the id and seed the draw used.
  await c.query(
    `UPDATE reminder_campaigns SET id = $6, seed = $2, started_at = $3, holdout_percent = $4, after_days = $5
      WHERE programme_id = $1 AND ended_at IS NULL`,
    [id, w.campaignSeed, new Date(start), HOLDOUT_PERCENT, AFTER_DAYS, w.campaignId],
  );
  await c.query(
    `INSERT INTO venue_qualifications (programme_id, organisation_id, status, decided_at, applied_at, renewal_date)
     SELECT $1, v, 'qualified', $3, $3, current_date + 365 FROM unnest($2::uuid[]) AS v`,
    [id, w.venues, new Date(start)],
  );

  for (const order of w.orders) {
    await c.query(
      `INSERT INTO jobs (id, programme_id, kind, payload, status, progress, attempts, created_at, started_at, finished_at, result)
       VALUES ($1, $2, 'issue-order', $3, 'done', 1, 1, $4, $4, $4, $5)`,
      [
        order.jobId,
        id,
        JSON.stringify({ orderId: order.id }),
        new Date(order.at),
        JSON.stringify({ carnets: order.carnets }),
      ],
    );
    await c.query(
      `INSERT INTO carnet_orders (id, programme_id, carnets, value_cents, job_id, first_sequence, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [order.id, id, order.carnets, order.carnets * perCarnet * value, order.jobId, order.first, new Date(order.at)],
    );
  }
  await c.query('INSERT INTO carnet_sequences (programme_id, last_sequence) VALUES ($1, $2)', [id, w.sequences]);
  await copyRows(
    c,
    'beneficiaries',
    [
      'id',
      'programme_id',
      'fingerprint',
      'birth_year',
      'birth_month',
      'commune_insee',
      'public_category',
      'sex',
      'consent_reminders',
      'first_name',
      'last_name',
      'email',
      'created_at',
    ],
    rows.beneficiaries,
  );
  await copyRows(
    c,
    'carnets',
    [
      'id',
      'programme_id',
      'order_id',
      'sequence',
      'serial',
      'holder_organisation_id',
      'beneficiary_id',
      'distributed_at',
      'distributed_by',
      'created_at',
    ],
    rows.carnets,
  );
  await copyRows(
    c,
    'passes',
    [
      'id',
      'programme_id',
      'carnet_id',
      'number',
      'code_hash',
      'code_sealed',
      'value_cents',
      'state',
      'expires_on',
      'state_changed_at',
    ],
    rows.passes,
  );
  await copyRows(
    c,
    'payment_batches',
    [
      'id',
      'programme_id',
      'reference',
      'request_key',
      'status',
      'execution_date',
      'amount_cents',
      'created_at',
      'paid_on',
    ],
    rows.batches,
  );
  await copyRows(
    c,
    'statements',
    [
      'id',
      'programme_id',
      'venue_organisation_id',
      'reference',
      'period_start',
      'period_end',
      'status',
      'amount_cents',
      'created_at',
      'submitted_at',
      'validated_at',
      'batch_id',
      'paid_on',
      'bank_account_id',
    ],
    rows.statements,
  );
  await copyRows(
    c,
    'redemptions',
    [
      'id',
      'programme_id',
      'venue_organisation_id',
      'service_id',
      'amount_cents',
      'passes',
      'created_at',
      'statement_id',
    ],
    rows.redemptions,
  );
  await copyRows(c, 'redemption_passes', ['redemption_id', 'pass_id', 'programme_id'], rows.redemptionPasses);
  await copyRows(
    c,
    'statement_lines',
    ['statement_id', 'pass_id', 'redemption_id', 'programme_id', 'amount_cents'],
    rows.lines,
  );
  await copyRows(
    c,
    'evaluations',
    [
      'answer_key',
      'programme_id',
      'venue_organisation_id',
      'theme',
      'satisfaction',
      'autonomy_before',
      'autonomy_after',
      'recommend',
      'answered_on',
    ],
    rows.evaluations,
  );
  await copyRows(
    c,
    'reminder_enrolments',
    ['carnet_id', 'campaign_id', 'arm', 'reason', 'enrolled_at', 'reminders', 'last_reminded_at'],
    rows.enrolments,
  );
  await postJournal(c, id);
  await copyRows(
    c,
    'carnet_usage',
    [
      'carnet_id',
      'programme_id',
      'distributed_at',
      'distributor_id',
      'commune',
      'category',
      'birth_year',
      'passes',
      'cents',
      'used',
      'used_cents',
      'reimbursed',
      'reimbursed_cents',
      'expired',
      'expired_cents',
      'first_used_at',
    ],
    rows.usage,
  );
  await c.query(
    `INSERT INTO audit_log (programme_id, action, entity_type, entity_id, after, request_id)
     VALUES ($1, 'simulation.national', 'programme', $3, $2, 'simulation')`,
    [
      id,
      JSON.stringify({
        carnets: w.carnets,
        passes: passCount,
        redemptions: rows.redemptions.length,
        statements: rows.statements.length,
      }),
      id,
    ],
  );
}

/**
 * The journal of the programme's life, written from the rows loaded: each event with the
 * accounts the services use, at its own date (issuance, allocation, hand-out, redemption,
 * payment, expiry). The balances follow by the journal's own trigger.
 */
async function postJournal(c: pg.Client, programmeId: string): Promise<void> {
  await c.query(
    `INSERT INTO ledger_entries (programme_id, at, event, from_account, to_account, amount_cents, ref_type, ref_id)
     SELECT programme_id, created_at, 'issuance', 'programme', 'stock:operator', value_cents, 'carnet_order', id::text
       FROM carnet_orders WHERE programme_id = $1
     UNION ALL
     SELECT c.programme_id, o.created_at, 'allocation', 'stock:operator', 'stock:' || c.holder_organisation_id, sum(p.value_cents), 'carnets', o.id::text
       FROM carnets c JOIN carnet_orders o ON o.id = c.order_id JOIN passes p ON p.carnet_id = c.id
      WHERE c.programme_id = $1 GROUP BY c.programme_id, o.id, o.created_at, c.holder_organisation_id
     UNION ALL
     SELECT c.programme_id, c.distributed_at, 'distribution', 'stock:' || c.holder_organisation_id, 'distributed', sum(p.value_cents), 'carnet', c.id::text
       FROM carnets c JOIN passes p ON p.carnet_id = c.id WHERE c.programme_id = $1 GROUP BY c.id
     UNION ALL
     SELECT programme_id, created_at, 'redemption', 'distributed', 'owed:' || venue_organisation_id, amount_cents, 'redemption', id::text
       FROM redemptions WHERE programme_id = $1
     UNION ALL
     SELECT programme_id, (paid_on + 1)::timestamptz, 'statement-paid', 'owed:' || venue_organisation_id, 'paid', amount_cents, 'statement', id::text
       FROM statements WHERE programme_id = $1 AND status = 'paid'
     UNION ALL
     SELECT programme_id, max(state_changed_at), 'expiry', 'distributed', 'programme', sum(value_cents), 'passes', carnet_id::text
       FROM passes WHERE programme_id = $1 AND state = 'expired' GROUP BY programme_id, carnet_id`,
    [programmeId],
  );
}
