import type { Db } from '../../db/db.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../accounts/actor.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import { checkBankDetails, maskIban } from '../venues/bank.rules.js';
import type { StatementPeriod } from './statement.rules.js';

/**
 * A venue gives new bank details: they are held (pending) until an operator confirms them, the
 * classic fraud path being a changed IBAN. Payments keep going to the confirmed account.
 */
export async function submitBankAccount(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  input: { holder: string; iban: string; bic: string },
) {
  const checked = checkBankDetails(input);
  if (!checked.ok) throw new AppError(checked.problem);
  const organisationId = ctx.actor.organisationId;
  return db.tx(async (q) => {
    await q.query(
      `UPDATE bank_accounts SET status = 'rejected', decided_at = now() WHERE organisation_id = $1 AND status = 'pending'`,
      [organisationId],
    );
    const rows = await q.query<{ id: string }>(
      `INSERT INTO bank_accounts (organisation_id, holder, iban, bic, status, submitted_by)
       VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id`,
      [organisationId, input.holder.trim(), checked.value.iban, checked.value.bic, ctx.actor.userId],
    );
    const id = (rows[0] as { id: string }).id;
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'bank-account.submit',
      entityType: 'organisation',
      entityId: organisationId,
      after: { bankAccountId: id, iban: maskIban(checked.value.iban), bic: checked.value.bic },
    });
    return { id, status: 'pending' as const, iban: maskIban(checked.value.iban) };
  });
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
      `SELECT id, iban FROM bank_accounts WHERE organisation_id = $1 AND status = 'pending' FOR UPDATE`,
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
      after: { bankAccountId: account.id, iban: maskIban(account.iban) },
    });
    return { id: account.id, status: 'confirmed' as const, iban: maskIban(account.iban) };
  });
}

export interface PaymentSettings {
  statementPeriod: StatementPeriod;
  debtorName: string;
  debtorIban: string;
  debtorBic: string;
}

/** The programme's statement period and the operator's account that pays the venues. */
export async function updatePaymentSettings(db: Db, ctx: RequestContext, programmeId: string, input: PaymentSettings) {
  const checked = checkBankDetails({ iban: input.debtorIban, bic: input.debtorBic });
  if (!checked.ok) throw new AppError(checked.problem);
  return db.tx(async (q) => {
    const rows = await q.query(
      `UPDATE programmes SET statement_period = $2, debtor_name = $3, debtor_iban = $4, debtor_bic = $5, updated_at = now()
        WHERE id = $1 RETURNING id`,
      [programmeId, input.statementPeriod, input.debtorName.trim(), checked.value.iban, checked.value.bic],
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
        debtorIban: maskIban(checked.value.iban),
      },
    });
    return { ...input, debtorIban: maskIban(checked.value.iban), debtorBic: checked.value.bic };
  });
}
