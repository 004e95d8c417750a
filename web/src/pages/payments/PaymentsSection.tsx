import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useState } from 'react';
import type { StatementPeriod } from '../../../../src/modules/payments/statement.rules';
import { type PaymentBatch, paymentsApi, type Statement } from '../../api/payments';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { euros, frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';
import { STATEMENT_LABELS, STATEMENT_SEVERITY, today } from './paymentLabels';
import { StatementReview } from './StatementReview';

function PaymentSettingsForm({ programmeId, onSaved }: { programmeId: string; onSaved: () => void }) {
  const [f, setF] = useState({
    statementPeriod: 'monthly' as StatementPeriod,
    debtorName: '',
    debtorIban: '',
    debtorBic: '',
    budgetAlertPercent: 90,
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await paymentsApi.updateSettings(programmeId, f);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="fr-mb-3w">
      <summary>Paramètres de paiement (période des relevés, compte qui paie les lieux)</summary>
      <form onSubmit={submit} className="fr-mt-2w">
        {error !== null && <ErrorAlert error={error} />}
        {saved && <Alert severity="success" small description="Paramètres enregistrés." className="fr-mb-2w" />}
        <Select
          label="Période des relevés"
          nativeSelectProps={{
            value: f.statementPeriod,
            onChange: (e) => setF({ ...f, statementPeriod: e.target.value as StatementPeriod }),
          }}
        >
          <option value="monthly">Mensuelle</option>
          <option value="weekly">Hebdomadaire</option>
          <option value="quarterly">Trimestrielle</option>
        </Select>
        <Input
          label="Titulaire du compte payeur"
          nativeInputProps={{
            required: true,
            value: f.debtorName,
            onChange: (e) => setF({ ...f, debtorName: e.target.value }),
          }}
        />
        <Input
          label="IBAN du compte payeur"
          nativeInputProps={{
            required: true,
            value: f.debtorIban,
            onChange: (e) => setF({ ...f, debtorIban: e.target.value }),
          }}
        />
        <Input
          label="BIC du compte payeur"
          nativeInputProps={{
            required: true,
            value: f.debtorBic,
            onChange: (e) => setF({ ...f, debtorBic: e.target.value }),
          }}
        />
        <Input
          label="Seuil d’alerte budgétaire (%)"
          hintText="Les opérateurs reçoivent un courriel quand cette part de l’enveloppe des pass est engagée."
          nativeInputProps={{
            type: 'number',
            min: 1,
            max: 100,
            required: true,
            value: f.budgetAlertPercent,
            onChange: (e) => setF({ ...f, budgetAlertPercent: Number(e.target.value) }),
          }}
        />
        <Button type="submit">Enregistrer les paramètres</Button>
      </form>
    </details>
  );
}

function BatchRow({ b, inBatch, onChange }: { b: PaymentBatch; inBatch: Statement[]; onChange: () => void }) {
  const [paidOn, setPaidOn] = useState(today());
  // Transfers the bank sent back, by statement: the bank's reason for each.
  const [rejected, setRejected] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const markPaid = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await paymentsApi.markPaid(
        b.id,
        paidOn,
        Object.entries(rejected).map(([statementId, reason]) => ({ statementId, reason })),
      );
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <li className="fr-mb-2w">
      <strong>{b.reference}</strong> — {b.statements} relevé(s), {euros(b.amountCents)}, exécution le{' '}
      {frenchDate(b.executionDate)} —{' '}
      {b.status === 'paid' ? `payé le ${frenchDate(b.paidOn)}` : 'en attente de la banque'} —{' '}
      <a href={paymentsApi.sepaUrl(b.id)} download>
        fichier SEPA (XML) du lot {b.reference}
      </a>
      ,{' '}
      <a href={paymentsApi.transfersCsvUrl(b.id)} download>
        virements (CSV) du lot {b.reference}
      </a>
      {error !== null && <ErrorAlert error={error} />}
      {b.status === 'created' && (
        <form onSubmit={markPaid} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label={`Date du paiement par la banque (${b.reference})`}
              nativeInputProps={{
                type: 'date',
                required: true,
                value: paidOn,
                onChange: (e) => setPaidOn(e.target.value),
              }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4', 'fr-mb-3w')}>
            <Button type="submit" priority="secondary">
              Marquer le lot payé
            </Button>
          </div>
          {inBatch.length > 0 && (
            <div className={fr.cx('fr-col-12')}>
              <Checkbox
                legend="Virements rejetés par la banque (leur relevé revient, le lieu est prévenu)"
                options={inBatch.map((s) => ({
                  label: `${s.reference} — ${s.venueName}, ${euros(s.amountCents)}`,
                  nativeInputProps: {
                    checked: s.id in rejected,
                    onChange: (e) => {
                      const next = { ...rejected };
                      if (e.target.checked) next[s.id] = '';
                      else delete next[s.id];
                      setRejected(next);
                    },
                  },
                }))}
              />
              {inBatch
                .filter((s) => s.id in rejected)
                .map((s) => (
                  <Input
                    key={s.id}
                    label={`Motif du rejet de ${s.reference}`}
                    hintText="Tel que la banque l'indique (par exemple : compte clos)"
                    nativeInputProps={{
                      required: true,
                      value: rejected[s.id] ?? '',
                      onChange: (e) => setRejected({ ...rejected, [s.id]: e.target.value }),
                    }}
                  />
                ))}
            </div>
          )}
        </form>
      )}
    </li>
  );
}

/** The budget read from the journal, for the operator and the funders. */
export function BudgetPanel({ programmeId }: { programmeId: string }) {
  const { data: b } = useLoad(() => paymentsApi.budget(programmeId), [programmeId]);
  if (!b) return null;
  const rows: [string, number][] = [
    ['Enveloppe', b.envelopeCents],
    ['dont ingénierie', b.engineeringCents],
    ['Pass émis', b.issuedCents],
    ['dont en stock', b.inStockCents],
    ['Pass remis, non utilisés', b.distributedCents],
    ['Dû aux lieux', b.owedCents],
    ['Payé aux lieux', b.paidCents],
    ['Rendu au programme (expirés, annulés)', b.returnedCents],
    ['Reste disponible pour des pass', b.remainingCents],
  ];
  return (
    <div className="fr-mb-3w">
      <h3 className="fr-h5">Budget</h3>
      {b.alerts.map((a) => (
        <Alert key={a} severity="warning" small description={a} className="fr-mb-1w" />
      ))}
      <ul>
        {rows.map(([label, cents]) => (
          <li key={label}>
            {label} : {euros(cents)}
          </li>
        ))}
      </ul>
      <p className="fr-text--sm">
        Seuil d’alerte : {b.alertPercent} % de l’enveloppe des pass engagés (courriel aux opérateurs).
      </p>
      {b.funders.length > 0 && (
        <Table
          caption="Budget par financeur (au centime ; un financeur des seuls pass utilisés ne porte pas les pass non utilisés)"
          headers={['Financeur', 'Part', 'Engagé', 'Utilisé', 'Payé', 'Rendu']}
          data={b.funders.map((f) => [
            f.funderName,
            `${(f.shareBp / 100).toLocaleString('fr-FR')} % ${f.basis === 'used' ? 'des pass utilisés' : 'des pass engagés'}`,
            euros(f.committedCents),
            euros(f.redeemedCents),
            euros(f.paidCents),
            euros(f.returnedCents),
          ])}
        />
      )}
      {b.uncoveredCents > 0 && (
        <Alert
          severity="info"
          small
          className="fr-mb-1w"
          description={`${euros(b.uncoveredCents)} de pass engagés non utilisés ne sont portés par aucun financeur : tous paient les seuls pass utilisés.`}
        />
      )}
    </div>
  );
}

function FraudSignals({ programmeId }: { programmeId: string }) {
  const { data } = useLoad(() => paymentsApi.fraudSignals(programmeId), [programmeId]);
  return (
    <div className="fr-mb-3w">
      <h3 className="fr-h5">Signaux à examiner (31 derniers jours)</h3>
      {data?.length === 0 ? (
        <p>Aucun signal.</p>
      ) : (
        <ul>
          {data?.map((s) => (
            <li key={`${s.kind}-${s.venueName}-${s.detail}`}>
              <strong>{s.venueName}</strong> : {s.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The operator's payments: statements to validate, payment batches and their SEPA files. */
export function PaymentsSection({ programmeId }: { programmeId: string }) {
  const statements = useLoad(() => paymentsApi.statements(programmeId), [programmeId]);
  const batches = useLoad(() => paymentsApi.batches(programmeId), [programmeId]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const reload = () => {
    statements.reload();
    batches.reload();
  };
  const act = async (f: () => Promise<string>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await f());
      reload();
    } catch (err) {
      setError(err);
    }
  };
  // The last complete period unless the operator explicitly asks for the one in progress.
  const [current, setCurrent] = useState(false);
  const drawUp = () =>
    act(async () => {
      const r = await paymentsApi.drawUp(programmeId, current ? today() : undefined);
      return `${r.statementsCreated} relevé(s) établi(s) du ${frenchDate(r.periodStart)} au ${frenchDate(r.periodEnd)}, ${r.linesAdded} ligne(s) ajoutée(s).`;
    });
  const createBatch = () =>
    act(async () => {
      // One key per click: a double click or a retry gives one batch.
      const b = await paymentsApi.createBatch(programmeId, today(), crypto.randomUUID());
      return `Lot ${b.reference} constitué : ${b.statements} relevé(s), ${euros(b.amountCents)}.`;
    });
  return (
    <section className="fr-mt-6w">
      <h2>Paiement des lieux</h2>
      <PaymentSettingsForm programmeId={programmeId} onSaved={reload} />
      {error !== null && <ErrorAlert error={error} />}
      {message && <Alert severity="success" small description={message} className="fr-mb-2w" />}
      <Checkbox
        options={[
          {
            label: 'Inclure la période en cours (sinon : la dernière période complète)',
            hintText: 'Une période en cours recevra encore des validations : son relevé sera incomplet.',
            nativeInputProps: { checked: current, onChange: (e) => setCurrent(e.target.checked) },
          },
        ]}
      />
      <Button priority="secondary" onClick={() => void drawUp()} className="fr-mr-2w">
        Établir les relevés
      </Button>
      <Button onClick={() => void createBatch()}>Constituer un lot de paiement</Button>
      <FraudSignals programmeId={programmeId} />
      <h3 className="fr-h5 fr-mt-3w">Relevés</h3>
      {statements.data?.length === 0 && <p>Aucun relevé.</p>}
      <ul>
        {statements.data?.map((s) => (
          <li key={s.id} className="fr-mb-1w">
            {s.reference} — {s.venueName}, du {frenchDate(s.periodStart)} au {frenchDate(s.periodEnd)},{' '}
            {euros(s.amountCents)}{' '}
            <Badge small severity={STATEMENT_SEVERITY[s.status] ?? 'info'}>
              {STATEMENT_LABELS[s.status] ?? s.status}
            </Badge>{' '}
            {s.bankRejection && <strong>Virement rejeté par la banque : {s.bankRejection}. </strong>}
            <a href={paymentsApi.statementPdfUrl(s.id)} download>
              PDF du relevé {s.reference}
            </a>{' '}
            {s.status === 'submitted' && (
              <details>
                <summary>Examiner et valider le relevé {s.reference}</summary>
                <StatementReview
                  id={s.id}
                  reference={s.reference}
                  onDone={(m) => {
                    setMessage(m);
                    reload();
                  }}
                />
              </details>
            )}
          </li>
        ))}
      </ul>
      <h3 className="fr-h5 fr-mt-3w">Lots de paiement</h3>
      {batches.data?.length === 0 && <p>Aucun lot.</p>}
      <ul>
        {batches.data?.map((b) => (
          <BatchRow
            key={b.id}
            b={b}
            inBatch={(statements.data ?? []).filter((s) => s.batchId === b.id)}
            onChange={reload}
          />
        ))}
      </ul>
    </section>
  );
}
