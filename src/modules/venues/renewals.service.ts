import type { Db } from '../../db/db.js';
import { frenchDate } from '../../format.js';
import { emailProgrammeOperators, queueEmail } from '../mail/outbox.js';
import { applyDecision, venueUsers } from './qualification.service.js';

/** The daily job of qualification renewals: reminders first, then suspensions. */
export async function runRenewals(db: Db): Promise<{ reminded: number; suspended: number }> {
  const { reminded } = await remindRenewals(db);
  const { suspended } = await suspendLapsedQualifications(db);
  return { reminded, suspended };
}

/** How long before its renewal date a qualification is recalled to the operators and the venue. */
export const RENEWAL_NOTICE_DAYS = 30;

/**
 * Qualifications due for renewal within the notice period are recalled once per renewal date:
 * each programme's operators get the list (they renew), each venue its own date. Claiming the
 * reminder and queuing its e-mails happen in one transaction, so two servers running the job
 * send it once, and a crash sends it on the next run.
 */
export async function remindRenewals(db: Db): Promise<{ reminded: number }> {
  return db.tx(async (q) => {
    const due = await q.query<{
      programme_id: string;
      programme: string;
      organisation_id: string;
      venue: string;
      renewal_date: string;
    }>(
      `WITH claimed AS (
         UPDATE venue_qualifications SET renewal_reminded_for = renewal_date
          WHERE status = 'qualified' AND renewal_reminded_for IS DISTINCT FROM renewal_date
            AND renewal_date BETWEEN (now() AT TIME ZONE 'Europe/Paris')::date
                                 AND (now() AT TIME ZONE 'Europe/Paris')::date + $1::int
          RETURNING programme_id, organisation_id, renewal_date)
       SELECT c.programme_id, p.name AS programme, c.organisation_id, o.name AS venue, c.renewal_date::text AS renewal_date
         FROM claimed c JOIN programmes p ON p.id = c.programme_id JOIN organisations o ON o.id = c.organisation_id
        ORDER BY p.name, c.renewal_date, o.name`,
      [RENEWAL_NOTICE_DAYS],
    );
    const byProgramme = new Map<string, typeof due>();
    for (const d of due) {
      byProgramme.set(d.programme_id, [...(byProgramme.get(d.programme_id) ?? []), d]);
      for (const u of await venueUsers(q, d.organisation_id)) {
        await queueEmail(q, {
          programmeId: d.programme_id,
          to: u.email,
          subject: `Qualification à renouveler — ${d.programme}`,
          body: [
            'Bonjour,',
            '',
            `La qualification de « ${d.venue} » pour le programme « ${d.programme} » est à renouveler le ${frenchDate(d.renewal_date)}.`,
            "Sans renouvellement par l'opérateur du programme d'ici là, elle sera suspendue et vous ne pourrez plus valider de pass.",
            "Si votre lieu a changé (adresse, horaires, services), mettez sa fiche à jour dans Passnum, rubrique « Mon lieu », et prenez contact avec l'opérateur.",
          ].join('\n'),
        });
      }
    }
    for (const [programmeId, list] of byProgramme) {
      await emailProgrammeOperators(q, programmeId, {
        subject: `Qualifications à renouveler dans les ${RENEWAL_NOTICE_DAYS} jours (${list.length})`,
        body: [
          'Ces lieux doivent être renouvelés avant la date indiquée, sans quoi leur qualification sera suspendue (rubrique « Lieux ») :',
          '',
          ...list.map((d) => `- ${d.venue} : ${frenchDate(d.renewal_date)}`),
        ].join('\n'),
      });
    }
    return { reminded: due.length };
  });
}

export const LAPSE_QUALIFICATIONS_JOB = 'lapse-qualifications';
const LAPSE_REASON =
  "Date de renouvellement dépassée : la qualification est suspendue jusqu'à son renouvellement par l'opérateur.";

/**
 * The daily run: a qualification past its renewal date is suspended (the venue can no longer
 * redeem), the venue is told, and each programme's operators get the list. The date is checked
 * again under the row lock, so a renewal made meanwhile wins.
 */
export async function suspendLapsedQualifications(db: Db): Promise<{ suspended: number }> {
  const due = await db.query<{ programme_id: string; organisation_id: string }>(
    `SELECT programme_id, organisation_id FROM venue_qualifications
      WHERE status = 'qualified' AND renewal_date < (now() AT TIME ZONE 'Europe/Paris')::date
      ORDER BY programme_id, organisation_id`,
  );
  const byProgramme = new Map<string, string[]>();
  for (const d of due) {
    const venue = await db.tx(async (q) => {
      const still = await q.query<{ name: string }>(
        `SELECT o.name FROM venue_qualifications vq JOIN organisations o ON o.id = vq.organisation_id
          WHERE vq.programme_id = $1 AND vq.organisation_id = $2 AND vq.status = 'qualified'
            AND vq.renewal_date < (now() AT TIME ZONE 'Europe/Paris')::date
          FOR UPDATE OF vq SKIP LOCKED`,
        [d.programme_id, d.organisation_id],
      );
      if (!still[0]) return null;
      await applyDecision(q, { actor: null, requestId: null }, d.programme_id, d.organisation_id, {
        status: 'suspended',
        reason: LAPSE_REASON,
      });
      return still[0].name;
    });
    if (venue) byProgramme.set(d.programme_id, [...(byProgramme.get(d.programme_id) ?? []), venue]);
  }
  for (const [programmeId, venues] of byProgramme) {
    await emailProgrammeOperators(db, programmeId, {
      subject: `Qualifications suspendues faute de renouvellement (${venues.length})`,
      body: [
        "Ces lieux ont dépassé la date de renouvellement de leur qualification ; ils ne peuvent plus valider de pass jusqu'à ce que vous la renouveliez (rubrique « Lieux ») :",
        '',
        ...venues.map((v) => `- ${v}`),
      ].join('\n'),
    });
  }
  return { suspended: [...byProgramme.values()].flat().length };
}
