import type { Queryable } from '../../db/db.js';
import { frenchDate } from '../../format.js';
import { communePoint } from '../territory/commune-points.js';
import { searchDirectory } from '../venues/directory.service.js';

/** A venue near the person, with its next session if it has one planned. */
export interface NearbyVenue {
  name: string;
  place: string;
  nextSession: { title: string; startsAt: string } | null;
}

/** How far a reminder looks for venues around the person's commune. */
const NEARBY_KM = 30;

/**
 * The three qualified venues of the programme nearest to the centre of a commune, each with its
 * next dated session. Looked up once per commune and run (`cache`), as many reminders share one.
 */
export async function nearbyVenues(
  q: Queryable,
  programmeId: string,
  communeInsee: string,
  cache: Map<string, NearbyVenue[]>,
): Promise<NearbyVenue[]> {
  const cached = cache.get(communeInsee);
  if (cached) return cached;
  const point = communePoint(communeInsee);
  const found = point
    ? await searchDirectory(q, {
        kind: 'venue',
        programmeId,
        near: { lat: point.latitude, lon: point.longitude },
        radiusKm: NEARBY_KM,
        page: 1,
        pageSize: 3,
      })
    : { items: [] };
  const sessions = await q.query<{ venue_id: string; title: string; starts_at: Date }>(
    `SELECT DISTINCT ON (w.venue_id) w.venue_id, w.title, s.starts_at
       FROM workshop_sessions s JOIN workshops w ON w.id = s.workshop_id
      WHERE w.venue_id = ANY($1::uuid[]) AND s.starts_at > now()
      ORDER BY w.venue_id, s.starts_at`,
    [found.items.map((v) => v.id)],
  );
  const next = new Map(sessions.map((s) => [s.venue_id, s]));
  const venues = found.items.map((v) => {
    const s = next.get(v.id);
    return {
      name: v.name,
      place: [v.address, v.communeName].filter(Boolean).join(', '),
      nextSession: s ? { title: s.title, startsAt: new Date(s.starts_at).toISOString() } : null,
    };
  });
  cache.set(communeInsee, venues);
  return venues;
}

export interface ReminderFacts {
  firstName: string | null;
  serial: string;
  distributedAt: Date;
  expiresOn: string | null;
  /** 'unused': nothing used N days after the hand-out; 'expiry': the last reminder before expiry. */
  occasion: 'unused' | 'expiry';
  venues: NearbyVenue[];
  directoryUrl: string;
  distributorName: string;
}

const sessionLine = (s: NearbyVenue['nextSession']) =>
  s
    ? `prochain atelier : « ${s.title} » le ${frenchDate(s.startsAt)} à ${new Date(s.startsAt).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })}`
    : 'ateliers sur rendez-vous';

/** The reminder e-mail: why it comes, where to go next, how to stop them. */
export function reminderEmail(f: ReminderFacts): { subject: string; body: string } {
  const until = f.expiresOn ? ` Ils sont valables jusqu'au ${frenchDate(f.expiresOn)}.` : '';
  const opening =
    f.occasion === 'expiry'
      ? `Des Pass numériques de votre carnet ${f.serial} n'ont pas encore servi et vont bientôt expirer.${until}`
      : `Votre carnet de Pass numériques ${f.serial}, remis le ${frenchDate(f.distributedAt.toISOString())}, n'a pas encore servi.${until}`;
  const venues =
    f.venues.length > 0
      ? ['Près de chez vous :', ...f.venues.map((v) => `- ${v.name}, ${v.place} — ${sessionLine(v.nextSession)}`)]
      : ['Les lieux qui acceptent le Pass numérique sont dans l’annuaire.'];
  return {
    subject: f.occasion === 'expiry' ? 'Vos Pass numériques expirent bientôt' : 'Vos Pass numériques vous attendent',
    body: [
      `Bonjour${f.firstName ? ` ${f.firstName}` : ''},`,
      '',
      opening,
      'Ils paient des ateliers pour vous aider avec le numérique (démarches en ligne, téléphone, ordinateur…).',
      '',
      ...venues,
      '',
      `Tous les lieux : ${f.directoryUrl}`,
      '',
      `Vous recevez ce message parce que vous avez accepté d'être relancé(e) lors de la remise du carnet par ${f.distributorName}. Pour ne plus l'être, dites-le à cette structure.`,
    ].join('\n'),
  };
}

/** The same in a text message: one venue, the link, nothing more. */
export function reminderSms(f: ReminderFacts): string {
  const venue = f.venues[0];
  const until = f.expiresOn ? ` (valable jusqu'au ${frenchDate(f.expiresOn)})` : '';
  return [
    `Pass numérique : votre carnet ${f.serial} n'a pas encore servi${until}.`,
    venue ? `Lieu proche : ${venue.name}, ${venue.place}.` : '',
    `Lieux : ${f.directoryUrl}`,
  ]
    .filter(Boolean)
    .join(' ');
}
