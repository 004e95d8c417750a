import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { emailProgrammeOperators } from '../mail/outbox.js';
import { checkBankDetails } from '../venues/bank.rules.js';
import type { IbanSealer } from '../venues/iban.crypto.js';
import { checkBudgetAlert } from './budget.service.js';
import type { BankAccountInput, PaymentSettingsInput } from './payments.contract.js';

/**
 * A venue gives new bank details: they are held (pending) until an operator confirms them, the
 * classic fraud path being a changed IBAN. Payments keep going to the confirmed account.
 */
export async function submitBankAccount(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  sealer: IbanSealer,
  input: BankAccountInput,
) {
  const checked = checkBankDetails(input);
  if (!checked.ok) throw new AppError(checked.problem);
  const organisationId = ctx.actor.organisationId;
  return db.tx(async (q) => {
    await q.query(
      `UPDATE bank_accounts SET status = 'rejected', decided_at = now() WHERE organisation_id = $1 AND status = 'pending'`,
      [organisationId],
    );
    const { sealed, masked } = sealer.seal(checked.value.iban);
    const rows = await q.query<{ id: string }>(
      `INSERT INTO bank_accounts (organisation_id, holder, iban_sealed, iban_masked, bic, status, submitted_by)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id`,
      [organisationId, input.holder.trim(), sealed, masked, checked.value.bic, ctx.actor.userId],
    );
    const id = (rows[0] as { id: string }).id;
    await askOperatorsToConfirm(q, organisationId);
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'bank-account.submit',
      entityType: 'organisation',
      entityId: organisationId,
      after: { bankAccountId: id, iban: masked, bic: checked.value.bic },
    });
    return { id, status: 'pending' as const, iban: masked };
  });
}

/**
 * The operators of every programme the venue applied to hear of new bank details at once: a
 * change of an account already confirmed is said so, since that is how payment fraud begins.
 */
async function askOperatorsToConfirm(q: Queryable, organisationId: string): Promise<void> {
  const rows = await q.query<{ programme_id: string; programme: string; venue: string; is_change: boolean }>(
    `SELECT DISTINCT v.programme_id, p.name AS programme, o.name AS venue,
            EXISTS (SELECT 1 FROM bank_accounts b WHERE b.organisation_id = o.id AND b.status = 'confirmed') AS is_change
       FROM venue_qualifications v JOIN programmes p ON p.id = v.programme_id JOIN organisations o ON o.id = v.organisation_id
      WHERE v.organisation_id = $1`,
    [organisationId],
  );
  for (const r of rows) {
    await emailProgrammeOperators(q, r.programme_id, {
      subject: `${r.is_change ? 'Changement de' : 'Nouvelles'} coordonnées bancaires à confirmer — ${r.venue}`,
      body: [
        r.is_change
          ? `« ${r.venue} » a remplacé ses coordonnées bancaires. Les paiements restent adressés au compte déjà confirmé tant que vous n'avez pas confirmé le nouveau.`
          : `« ${r.venue} » a saisi ses coordonnées bancaires.`,
        'Vérifiez-les auprès du lieu par un autre moyen que le courriel (téléphone connu, courrier) avant de les confirmer dans Passnum, rubrique « Lieux ».',
        `Programme : ${r.programme}.`,
      ].join('\n\n'),
    });
  }
}

/** The operator confirms a venue's pending bank details; the previous ones are superseded. */
export async function confirmBankAccount(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  programmeId: string,
  organisationId: string,
) {
  return db.tx(async (q) => {
    const applied = await q.query(
      'SELECT 1 FROM venue_qualifications WHERE programme_id = $1 AND organisation_id = $2',
      [programmeId, organisationId],
    );
    if (applied.length === 0) throw new AppError('QUALIFICATION_NOT_FOUND');
    const pending = await q.query<{ id: string; iban: string }>(
      `SELECT id, iban_masked AS iban FROM bank_accounts WHERE organisation_id = $1 AND status = 'pending' FOR UPDATE`,
      [organisationId],
    );
    const account = pending[0];
    if (!account) throw new AppError('BANK_ACCOUNT_NOT_FOUND');
    await q.query(
      `UPDATE bank_accounts SET status = 'superseded', decided_at = now(), decided_by = $2
        WHERE organisation_id = $1 AND status = 'confirmed'`,
      [organisationId, ctx.actor.userId],
    );
    await q.query(`UPDATE bank_accounts SET status = 'confirmed', decided_at = now(), decided_by = $2 WHERE id = $1`, [
      account.id,
      ctx.actor.userId,
    ]);
    await recordAudit(q, ctx, {
      programmeId,
      action: 'bank-account.confirm',
      entityType: 'organisation',
      entityId: organisationId,
      after: { bankAccountId: account.id, iban: account.iban },
    });
    return { id: account.id, status: 'confirmed' as const, iban: account.iban };
  });
}

/** The programme's statement period and the operator's account that pays the venues. */
export async function updatePaymentSettings(
  db: Db,
  ctx: RequestContext,
  sealer: IbanSealer,
  programmeId: string,
  input: PaymentSettingsInput,
) {
  const checked = checkBankDetails({ iban: input.debtorIban, bic: input.debtorBic });
  if (!checked.ok) throw new AppError(checked.problem);
  const debtorIban = sealer.seal(checked.value.iban);
  return db.tx(async (q) => {
    const rows = await q.query<{ budget_alert_percent: number }>(
      `UPDATE programmes SET statement_period = $2, debtor_name = $3, debtor_iban = NULL, debtor_iban_sealed = $4,
              debtor_iban_masked = $5, debtor_bic = $6, budget_alert_percent = COALESCE($7, budget_alert_percent),
              updated_at = now()
        WHERE id = $1 RETURNING budget_alert_percent`,
      [
        programmeId,
        input.statementPeriod,
        input.debtorName.trim(),
        debtorIban.sealed,
        debtorIban.masked,
        checked.value.bic,
        input.budgetAlertPercent ?? null,
      ],
    );
    if (rows.length === 0) throw new AppError('PROGRAMME_NOT_FOUND');
    await recordAudit(q, ctx, {
      programmeId,
      action: 'programme.payment-settings',
      entityType: 'programme',
      entityId: programmeId,
      after: {
        statementPeriod: input.statementPeriod,
        debtorName: input.debtorName,
        debtorIban: debtorIban.masked,
        budgetAlertPercent: rows[0]?.budget_alert_percent,
      },
    });
    // A new threshold may already be crossed, or no longer be.
    await checkBudgetAlert(q, programmeId);
    return {
      ...input,
      debtorIban: debtorIban.masked,
      debtorBic: checked.value.bic,
      budgetAlertPercent: Number(rows[0]?.budget_alert_percent),
    };
  });
}
