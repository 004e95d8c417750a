import type { Config } from '../../config.js';
import type { Db } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { actorByUserId } from '../accounts/accounts.service.js';
import type { Actor } from '../accounts/actor.js';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../demo/demo.data.js';
import { seedDemo } from '../demo/demo.seed.js';
import { answerEvaluation } from '../evaluation/evaluation.service.js';
import { createBatch, markBatchPaid } from '../payments/batches.service.js';
import { drawUpStatements, submitStatement, validateStatement } from '../payments/statements.service.js';
import type { EligibilityRule, PublicCategory, Territory } from '../programmes/programmes.contract.js';
import { runReminders } from '../reminders/reminders.service.js';
import { foldKeptTotals } from '../system/kept-totals.js';
import { type CommunePoint, communePointsIn } from '../territory/commune-points.js';
import { NearestIndex } from '../territory/coverage.rules.js';
import { ibanSealer } from '../venues/iban.crypto.js';
import { type CodeKeys, codeKeys, decryptCode } from '../vouchers/code.crypto.js';
import { formatCode } from '../vouchers/code.rules.js';
import { distributeCarnet } from '../vouchers/distribution.service.js';
import { expirePasses } from '../vouchers/lifecycle.service.js';
import { createOrder } from '../vouchers/orders.service.js';
import { redeemPasses } from '../vouchers/redemption.service.js';
import { moveCarnets } from '../vouchers/stock.service.js';
import { letters, prng, SCALES, type Scale, weightedPick } from './simulation.rules.js';

export type Progress = (step: string, fraction: number) => void;

export interface SimulationDeps {
  config: Config;
  /** Runs the queued jobs to the end (the issuance of the carnets ordered). */
  drainJobs: () => Promise<void>;
}

/** A carnet's codes, decrypted as its print file does: what a person would type at the counter. */
async function codesOf(db: Db, keys: CodeKeys, serial: string): Promise<string[]> {
  const rows = await db.query<{ code_sealed: Uint8Array }>(
    `SELECT p.code_sealed FROM passes p JOIN carnets c ON c.id = p.carnet_id WHERE c.serial = $1 ORDER BY p.number`,
    [serial],
  );
  return rows.map((r) => formatCode(decryptCode(keys, r.code_sealed)));
}

const SYSTEM = { actor: null, requestId: 'simulation' };
const DAY = 86_400_000;

async function demoActor(db: Db, email: string): Promise<Actor> {
  const account = DEMO_ACCOUNTS.find((a) => a.email === email);
  const actor = account && (await actorByUserId(db, account.id));
  if (!actor) throw new Error(`simulation: no demo account ${email}`);
  return actor;
}

/** A person the programme's rules accept: one of its eligibility rules, an age and a category that fit it. */
function personFor(rules: EligibilityRule[], random: () => number, commune: CommunePoint, n: number) {
  const rule = rules[Math.floor(random() * rules.length)] as EligibilityRule;
  const min = rule.ageMin ?? 26;
  const max = rule.ageMax ?? Math.max(min + 20, 60);
  const age = min + Math.floor(random() * (Math.min(max, 90) - min + 1));
  const categories: readonly PublicCategory[] =
    rule.categories ??
    (age >= 60 ? ['retraite', 'autre'] : age <= 25 ? ['demandeur_emploi', 'etudiant'] : ['salarie', 'autre']);
  // Born on the 1st of a month already past this year: exactly `age` years old today.
  const now = new Date();
  return {
    birthYear: now.getFullYear() - age,
    birthMonth: 1 + Math.floor(random() * (now.getMonth() + 1)),
    birthDay: 1,
    communeInsee: commune.code,
    publicCategory: categories[Math.floor(random() * categories.length)] as PublicCategory,
    firstName: 'Camille',
    lastName: `Simulation ${letters(n)}`,
  };
}

/**
 * Fills a demo database with a programme's life through the domain's own services: venues
 * qualified across the territory, carnets ordered and issued by the issuance job, allocated and
 * handed to eligible people (communes drawn by population), passes spent at the nearest venues,
 * questionnaires answered, statements drawn up, validated and paid, reminders sent with their
 * holdout. Dates are then spread over the programme's life. The same seed gives the same
 * programme; a simulation already run (or interrupted) is refused, never doubled.
 */
export async function simulate(db: Db, deps: SimulationDeps, scale: Scale, seed: number, progress: Progress) {
  const { config } = deps;
  const shape = SCALES[scale];
  const random = prng(seed);
  const programmeId = DEMO_PROGRAMMES[shape.programme];
  const claimed = await db.query(
    `INSERT INTO simulations (scale, seed) VALUES ($1, $2) ON CONFLICT (scale) DO NOTHING RETURNING scale`,
    [scale, seed],
  );
  if (claimed.length === 0) throw new AppError('SIMULATION_ALREADY_RUN', { scale });
  await seedDemo(db);
  const [programme] = await db.query<{
    territory: Territory;
    eligibility: EligibilityRule[];
    start_date: string;
    validity_months: number | null;
  }>('SELECT territory, eligibility, start_date::text, validity_months FROM programmes WHERE id = $1', [programmeId]);
  if (!programme) throw new AppError('PROGRAMME_NOT_FOUND');
  const communes = communePointsIn(programme.territory).filter((c) => c.population > 0);
  const operator = await demoActor(
    db,
    shape.programme === 'lozere' ? 'operateur@lozere-developpement.demo' : 'operateur@mednum-bfc.demo',
  );
  const distributor = await demoActor(
    db,
    shape.programme === 'lozere' ? 'prescripteur@lozere.demo' : 'prescripteur@ml-dijon.demo',
  );
  const distributorId =
    shape.programme === 'lozere' ? DEMO_ORGANISATIONS.departementLozere.id : DEMO_ORGANISATIONS.mlDijon.id;

  // 1. Venues across the territory, in communes drawn by population, qualified with their bank details.
  progress('Lieux qualifiés', 0);
  const sealer = ibanSealer(config.secret);
  const iban = sealer.seal('FR7630006000011234567890189');
  const venues: { id: string; actor: Actor; lat: number; lon: number }[] = [];
  const venueActors = new Map<string, Actor>();
  for (let i = 0; i < shape.venues; i++) {
    const c = weightedPick(communes, (x) => x.population, random);
    const [org] = await db.query<{ id: string }>(
      `INSERT INTO organisations (name, siret, kinds) VALUES ($1, $2, ARRAY['venue']) RETURNING id`,
      [
        `Atelier numérique de ${c.name} ${letters(i).toUpperCase()}`,
        `7${String(seed % 1000).padStart(3, '0')}${String(i).padStart(10, '0')}`,
      ],
    );
    const orgId = (org as { id: string }).id;
    const [user] = await db.query<{ id: string }>(
      `INSERT INTO users (organisation_id, email, display_name) VALUES ($1, $2, $3) RETURNING id`,
      [orgId, `lieu-${scale}-${letters(i)}@simulation.invalid`, `Médiateur ${letters(i)}`],
    );
    const lat = c.latitude + (random() - 0.5) * 0.01;
    const lon = c.longitude + (random() - 0.5) * 0.01;
    await db.query(
      `INSERT INTO venues (organisation_id, source, name, address, postcode, commune_insee, commune_name, latitude, longitude, services)
       VALUES ($1, 'simulation', $2, '1 place de la Mairie', '00000', $3, $4, $5, $6, ARRAY['Aide aux démarches administratives'])`,
      [orgId, `Atelier numérique de ${c.name}`, c.code, c.name, lat, lon],
    );
    await db.query(
      `INSERT INTO venue_qualifications (programme_id, organisation_id, status, renewal_date) VALUES ($1, $2, 'qualified', current_date + 365)`,
      [programmeId, orgId],
    );
    await db.query(
      `INSERT INTO user_roles (programme_id, user_id, role) VALUES ($1, $2, 'venue') ON CONFLICT DO NOTHING`,
      [programmeId, (user as { id: string }).id],
    );
    await db.query(
      `INSERT INTO bank_accounts (organisation_id, holder, iban_sealed, iban_masked, bic, status) VALUES ($1, $2, $3, $4, 'AGRIFRPP882', 'confirmed')`,
      [orgId, `Atelier ${letters(i)}`, iban.sealed, iban.masked],
    );
    const actor = await actorByUserId(db, (user as { id: string }).id);
    if (actor) {
      venues.push({ id: orgId, actor, lat, lon });
      venueActors.set(orgId, actor);
    }
  }
  await db.query(
    `UPDATE programmes SET debtor_name = COALESCE(debtor_name, 'Opérateur du programme'), debtor_iban_sealed = COALESCE(debtor_iban_sealed, $2),
            debtor_iban_masked = COALESCE(debtor_iban_masked, $3), debtor_bic = COALESCE(debtor_bic, 'AGRIFRPP882') WHERE id = $1`,
    [programmeId, iban.sealed, iban.masked],
  );
  const nearest = new NearestIndex(venues);

  // 2. Carnets ordered and issued by the issuance job, then allocated to the distributor.
  progress('Émission des carnets', 0.1);
  await createOrder(db, SYSTEM, programmeId, shape.carnets);
  await deps.drainJobs();
  const serials = (
    await db.query<{ serial: string }>(
      `SELECT serial FROM carnets WHERE programme_id = $1 AND holder_organisation_id IS NULL AND beneficiary_id IS NULL
        ORDER BY sequence DESC LIMIT $2`,
      [programmeId, shape.carnets],
    )
  )
    .map((r) => r.serial)
    .reverse();
  await moveCarnets(
    db,
    SYSTEM,
    programmeId,
    { fromSerial: serials[0] as string, toSerial: serials.at(-1) as string },
    distributorId,
    null,
  );

  // 3. Each carnet handed to its own person; a share agree to reminders.
  const ctxDistributor = { actor: distributor, requestId: 'simulation' };
  const people: { serial: string; commune: CommunePoint }[] = [];
  for (const [n, serial] of serials.entries()) {
    if (n % 50 === 0) progress('Remise des carnets', 0.15 + (0.35 * n) / serials.length);
    const commune = weightedPick(communes, (x) => x.population, random);
    const consent = random() < shape.consent;
    await distributeCarnet(db, ctxDistributor, config.secret, serial, {
      ...personFor(programme.eligibility, random, commune, n),
      ...(consent ? { consentReminders: true, email: `personne-${letters(n)}@simulation.invalid` } : {}),
    });
    people.push({ serial, commune });
  }

  // 4. Passes spent at the venue nearest to the person's commune.
  const keys = codeKeys(config.secret);
  const venueAt = (c: CommunePoint) =>
    nearest.nearest({ lat: c.latitude, lon: c.longitude })?.place ?? (venues[0] as (typeof venues)[number]);
  const used: string[] = [];
  for (const [n, p] of people.entries()) {
    if (n % 50 === 0) progress('Ateliers et pass utilisés', 0.5 + (0.25 * n) / people.length);
    if (random() >= shape.usage) continue;
    const codes = await codesOf(db, keys, p.serial);
    const spend = codes.slice(0, 1 + Math.floor(random() * codes.length));
    const venue = venueAt(p.commune);
    for (let i = 0; i < spend.length; i += 2) {
      const visit = spend.slice(i, i + 2);
      await redeemPasses(
        db,
        { actor: venue.actor, requestId: 'simulation' },
        keys,
        { venueId: venue.id, codes: visit },
        undefined,
      );
      used.push(...visit);
    }
  }

  // 5. Questionnaires after a share of the workshops.
  progress('Questionnaires', 0.75);
  const levels = ['accompagne', 'partiel', 'autonome'] as const;
  for (const code of used) {
    if (random() >= shape.answers) continue;
    const before = Math.floor(random() * 3);
    const after = Math.min(2, before + Math.floor(random() * 2));
    await answerEvaluation(db, keys, code, {
      satisfaction: 3 + Math.floor(random() * 3),
      autonomyBefore: levels[before] as (typeof levels)[number],
      autonomyAfter: levels[after] as (typeof levels)[number],
      recommend: random() < 0.85,
    });
  }

  // 6. The programme's life spread over time: hand-outs since its start, each use after its hand-out.
  progress('Chronologie', 0.8);
  const start = Math.max(Date.parse(`${programme.start_date}T00:00:00Z`), Date.now() - 3 * 365 * DAY);
  const span = Math.max(DAY, Date.now() - 7 * DAY - start);
  for (const p of people) {
    await db.query('UPDATE carnets SET distributed_at = $2 WHERE serial = $1', [
      p.serial,
      new Date(start + Math.floor(random() * span)),
    ]);
  }
  await db.query(
    `UPDATE redemptions r SET created_at = c.distributed_at + (now() - c.distributed_at) * (0.05 + 0.5 * random())
       FROM redemption_passes rp JOIN passes p ON p.id = rp.pass_id JOIN carnets c ON c.id = p.carnet_id
      WHERE rp.redemption_id = r.id AND r.programme_id = $1`,
    [programmeId],
  );
  // The dashboard's pre-aggregate read again: the dates of first use moved with the validations.
  await db.query('SELECT carnet_usage_refresh(array_agg(carnet_id)) FROM carnet_usage WHERE programme_id = $1', [
    programmeId,
  ]);
  if (programme.validity_months) {
    await db.query(
      `UPDATE passes p SET expires_on = (c.distributed_at + make_interval(months => $2))::date
         FROM carnets c WHERE c.id = p.carnet_id AND c.programme_id = $1 AND c.beneficiary_id IS NOT NULL`,
      [programmeId, programme.validity_months],
    );
    await expirePasses(db);
  }

  // 7. Statements month by month, validated; those older than two months paid in one batch.
  progress('Relevés et paiements', 0.85);
  const ctxOperator = { actor: operator, requestId: 'simulation' };
  for (let t = start; t < Date.now(); t += 28 * DAY) {
    await drawUpStatements(db, SYSTEM, programmeId, new Date(t).toISOString().slice(0, 10));
  }
  const drawn = await db.query<{ id: string; venue: string }>(
    `SELECT id, venue_organisation_id AS venue FROM statements WHERE programme_id = $1 AND status = 'draft' ORDER BY period_end`,
    [programmeId],
  );
  for (const s of drawn) {
    const venue = venueActors.get(s.venue);
    if (!venue) continue;
    await submitStatement(db, { actor: venue, requestId: 'simulation' }, s.id);
    await validateStatement(db, ctxOperator, s.id, []);
  }
  const day = new Date().toISOString().slice(0, 10);
  const { batch } = await createBatch(db, ctxOperator, programmeId, {
    requestKey: `simulation-${scale}`,
    executionDate: day,
  });
  if (batch.statements > 0) await markBatchPaid(db, ctxOperator, batch.id, { paidOn: day, rejected: [] });

  // 8. Reminders for carnets still unused, with the campaign's holdout.
  progress('Relances', 0.95);
  await runReminders(db, { publicUrl: config.publicUrl });
  await foldKeptTotals(db);
  await db.query('ANALYZE');
  await db.query(`UPDATE simulations SET finished_at = now() WHERE scale = $1`, [scale]);
  progress('Terminé', 1);
  const [counts] = await db.query<{ carnets: number; used: number; venues: number }>(
    `SELECT (SELECT count(*)::int FROM carnets WHERE programme_id = $1 AND beneficiary_id IS NOT NULL) AS carnets,
            (SELECT count(*)::int FROM passes WHERE programme_id = $1 AND state IN ('redeemed', 'reimbursed')) AS used,
            $2::int AS venues`,
    [programmeId, venues.length],
  );
  return counts as { carnets: number; used: number; venues: number };
}
