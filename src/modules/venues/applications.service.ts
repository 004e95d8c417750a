import type { Config } from '../../config.js';
import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { createInvitation } from '../accounts/invitations.service.js';
import { parseSiret } from '../accounts/siret.rules.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { emailProgrammeOperators, queueEmail } from '../mail/outbox.js';
import type { Territory } from '../programmes/programmes.contract.js';
import { communeByCode, inTerritory } from '../territory/communes.js';
import { checkBankDetails } from './bank.rules.js';
import { findSamePlace } from './dedupe.rules.js';
import { ibanSealer } from './iban.crypto.js';
import { type CheckedPlace, checkPlace, insertPlace, updatePlace } from './places.service.js';
import type { VenueApplication } from './venues.contract.js';

interface ProgrammeTerms {
  id: string;
  name: string;
  territory: Territory;
}

/** The programmes applied to, each of which must cover the place's commune. */
async function programmesFor(q: Queryable, ids: string[], place: CheckedPlace): Promise<ProgrammeTerms[]> {
  const programmes = await q.query<ProgrammeTerms>('SELECT id, name, territory FROM programmes WHERE id = ANY($1)', [
    ids,
  ]);
  const unique = new Set(ids);
  if (programmes.length !== unique.size) throw new AppError('PROGRAMME_NOT_FOUND');
  const commune = communeByCode(place.communeInsee);
  const outside = programmes.filter((p) => !commune || !inTerritory(p.territory, commune));
  if (outside.length > 0) throw new AppError('VENUE_OUT_OF_TERRITORY', { programmes: outside.map((p) => p.name) });
  return programmes;
}

/**
 * An imported place nobody has claimed yet, that is this place (same SIRET in the commune, or
 * same name nearby): the application takes it over instead of creating a duplicate.
 */
async function unclaimedSamePlace(q: Queryable, place: CheckedPlace, siret: string): Promise<string | null> {
  const candidates = await q.query<{
    id: string;
    siret: string | null;
    name: string;
    communeInsee: string;
    lat: number;
    lon: number;
  }>(
    `SELECT id, siret, name, commune_insee AS "communeInsee", latitude AS lat, longitude AS lon
       FROM venues WHERE organisation_id IS NULL AND commune_insee = $1 FOR UPDATE`,
    [place.communeInsee],
  );
  const same = findSamePlace(
    { siret, name: place.name, communeInsee: place.communeInsee, lat: place.latitude, lon: place.longitude },
    candidates,
  );
  return same?.id ?? null;
}

/**
 * A venue applies, without an account: creates the organisation (pending for each programme),
 * its place, its bank details (held until confirmed) and its first user, who receives a link to
 * choose a password. The programmes' operators are told by e-mail.
 */
export async function applyAsVenue(db: Db, cfg: Config, ctx: RequestContext, input: VenueApplication) {
  const siret = parseSiret(input.organisation.siret);
  if (!siret) throw new AppError('SIRET_INVALID', { siret: input.organisation.siret });
  const place = checkPlace(input.place);
  const bank = checkBankDetails(input.bank);
  if (!bank.ok) throw new AppError(bank.problem);
  return db.tx(async (q) => {
    const programmes = await programmesFor(q, input.programmeIds, place);
    const orgs = await q.query<{ id: string }>(
      `INSERT INTO organisations (name, siret, kinds) VALUES ($1, $2, ARRAY['venue']) ON CONFLICT (siret) DO NOTHING RETURNING id`,
      [input.organisation.name, siret],
    );
    const organisationId = orgs[0]?.id;
    if (!organisationId) throw new AppError('SIRET_TAKEN', { siret });
    const users = await q.query<{ id: string }>(
      `INSERT INTO users (organisation_id, email, display_name) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [organisationId, input.contact.email.toLowerCase(), input.contact.displayName],
    );
    const userId = users[0]?.id;
    if (!userId) throw new AppError('EMAIL_TAKEN');

    const claimed = await unclaimedSamePlace(q, place, siret);
    let venueId: string;
    if (claimed) {
      venueId = claimed;
      await updatePlace(q, venueId, place);
      await q.query('UPDATE venues SET organisation_id = $2, siret = $3 WHERE id = $1', [
        venueId,
        organisationId,
        siret,
      ]);
    } else {
      venueId = await insertPlace(q, place, { organisationId, siret, source: 'passnum', sourceRef: null });
    }
    const iban = ibanSealer(cfg.secret).seal(bank.value.iban);
    await q.query(
      `INSERT INTO bank_accounts (organisation_id, holder, iban_sealed, iban_masked, bic, status, submitted_by)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6)`,
      [organisationId, input.bank.holder, iban.sealed, iban.masked, bank.value.bic, userId],
    );
    for (const p of programmes) {
      await openApplication(q, ctx, p, organisationId, userId, input.organisation.name, {
        venueId,
        claimedImportedPlace: claimed !== null,
        siret,
      });
    }
    const link = await createInvitation(q, cfg, userId);
    await queueEmail(q, {
      programmeId: programmes[0]?.id ?? null,
      to: input.contact.email,
      subject: 'Votre candidature de lieu de médiation numérique — Passnum',
      body: [
        'Bonjour,',
        '',
        `Nous avons bien reçu la candidature de « ${input.organisation.name} » pour : ${programmes.map((p) => p.name).join(', ')}.`,
        "L'opérateur du programme l'examinera et vous écrira sa décision.",
        '',
        `Choisissez dès maintenant le mot de passe de votre compte : ${link}`,
        'Ce lien est valable 14 jours.',
      ].join('\n'),
    });
    return { organisationId, venueId };
  });
}

/**
 * A pending qualification for one programme, with its history, its audit row and an e-mail to
 * the programme's operators. The charter is accepted by applying. A venue that applied already
 * (whatever the outcome) goes through the operator, not a new application.
 */
async function openApplication(
  q: Queryable,
  ctx: RequestContext,
  programme: ProgrammeTerms,
  organisationId: string,
  userId: string,
  name: string,
  details: Record<string, unknown>,
): Promise<void> {
  const opened = await q.query(
    `INSERT INTO venue_qualifications (programme_id, organisation_id, status, charter_accepted_at)
     VALUES ($1, $2, 'pending', now()) ON CONFLICT DO NOTHING RETURNING status`,
    [programme.id, organisationId],
  );
  if (opened.length === 0) throw new AppError('ALREADY_APPLIED', { programme: programme.name });
  await q.query(
    `INSERT INTO venue_qualification_events (programme_id, organisation_id, status, decided_by) VALUES ($1, $2, 'pending', $3)`,
    [programme.id, organisationId, userId],
  );
  await recordAudit(q, ctx, {
    programmeId: programme.id,
    action: 'venue.apply',
    entityType: 'organisation',
    entityId: organisationId,
    after: { ...details, name },
  });
  await emailProgrammeOperators(q, programme.id, {
    subject: `Nouvelle candidature de lieu — ${programme.name}`,
    body: `« ${name} » demande à être qualifié pour ${programme.name}. Examinez la candidature dans Passnum, rubrique « Lieux ».`,
  });
}

/**
 * A venue already known (qualified or applying elsewhere) applies to another programme from its
 * account: one of its places must be in the programme's territory.
 */
export async function applyToProgramme(db: Db, ctx: RequestContext & { actor: Actor }, programmeId: string) {
  return db.tx(async (q) => {
    const places = await placesOf(q, ctx.actor.organisationId);
    if (places.length === 0) throw new AppError('VENUE_NOT_FOUND');
    const programmes = await q.query<ProgrammeTerms>('SELECT id, name, territory FROM programmes WHERE id = $1', [
      programmeId,
    ]);
    const programme = programmes[0];
    if (!programme) throw new AppError('PROGRAMME_NOT_FOUND');
    const inside = placeIn(programme.territory, places);
    if (!inside) throw new AppError('VENUE_OUT_OF_TERRITORY', { programmes: [programme.name] });
    // A distributor with a place (a France Services, say) may also become a venue.
    await q.query(
      `UPDATE organisations SET kinds = array_append(kinds, 'venue') WHERE id = $1 AND NOT ('venue' = ANY(kinds))`,
      [ctx.actor.organisationId],
    );
    await openApplication(q, ctx, programme, ctx.actor.organisationId, ctx.actor.userId, ctx.actor.organisationName, {
      venueId: inside.id,
      fromAccount: true,
    });
    return { programmeId, status: 'pending' as const };
  });
}

/** The running programmes an organisation has not applied to whose territory covers one of its places. */
export async function programmesOpenTo(q: Queryable, organisationId: string): Promise<{ id: string; name: string }[]> {
  const places = await placesOf(q, organisationId);
  if (places.length === 0) return [];
  const programmes = await q.query<ProgrammeTerms>(
    `SELECT id, name, territory FROM programmes p
      WHERE (p.end_date IS NULL OR p.end_date >= current_date)
        AND NOT EXISTS (SELECT 1 FROM venue_qualifications vq WHERE vq.programme_id = p.id AND vq.organisation_id = $1)
      ORDER BY name`,
    [organisationId],
  );
  return programmes.filter((p) => placeIn(p.territory, places)).map(({ id, name }) => ({ id, name }));
}

interface PlaceCommune {
  id: string;
  commune_insee: string;
}

const placesOf = (q: Queryable, organisationId: string) =>
  q.query<PlaceCommune>('SELECT id, commune_insee FROM venues WHERE organisation_id = $1 ORDER BY name', [
    organisationId,
  ]);

function placeIn(territory: Territory, places: PlaceCommune[]): PlaceCommune | undefined {
  return places.find((p) => {
    const commune = communeByCode(p.commune_insee);
    return commune !== undefined && inTerritory(territory, commune);
  });
}
