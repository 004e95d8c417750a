import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useState } from 'react';
import { paymentsApi } from '../../api/payments';
import { ErrorAlert } from '../../components/ErrorAlert';
import { euros, frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';
import { STATEMENT_LABELS, STATEMENT_SEVERITY } from './paymentLabels';

/** New bank details: held until the operator confirms them, payments keep going to the old account. */
function BankDetailsForm() {
  const [f, setF] = useState({ holder: '', iban: '', bic: '' });
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await paymentsApi.submitBankAccount(f);
      setSent(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="fr-mb-2w">
      <summary>Changer de coordonnées bancaires</summary>
      <form onSubmit={submit} className="fr-mt-1w">
        {error !== null && <ErrorAlert error={error} />}
        {sent && (
          <Alert
            severity="info"
            small
            description="Nouvelles coordonnées enregistrées : elles serviront une fois confirmées par l'opérateur ; d'ici là, les paiements vont au compte actuel."
            className="fr-mb-2w"
          />
        )}
        <Input
          label="Titulaire du compte"
          nativeInputProps={{
            required: true,
            value: f.holder,
            onChange: (e) => setF({ ...f, holder: e.target.value }),
          }}
        />
        <Input
          label="IBAN"
          nativeInputProps={{ required: true, value: f.iban, onChange: (e) => setF({ ...f, iban: e.target.value }) }}
        />
        <Input
          label="BIC"
          nativeInputProps={{ required: true, value: f.bic, onChange: (e) => setF({ ...f, bic: e.target.value }) }}
        />
        <Button type="submit" priority="secondary">
          Envoyer les nouvelles coordonnées
        </Button>
      </form>
    </details>
  );
}

/** The venue's statements: it submits each draft (attesting the workshops took place) and follows it to "payé". */
export function MyStatements() {
  const { data, reload } = useLoad(() => paymentsApi.myStatements(), []);
  const [error, setError] = useState<unknown>(null);
  const submit = async (id: string) => {
    setError(null);
    try {
      await paymentsApi.submit(id);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="fr-mt-4w">
      <h2 className="fr-h4">Mes relevés et remboursements</h2>
      <BankDetailsForm />
      {error !== null && <ErrorAlert error={error} />}
      {data?.length === 0 && <p>Aucun relevé pour l'instant : ils sont établis chaque période par l'opérateur.</p>}
      <ul>
        {data?.map((s) => (
          <li key={s.id} className="fr-mb-1w">
            {s.reference} — du {frenchDate(s.periodStart)} au {frenchDate(s.periodEnd)}, {euros(s.amountCents)}{' '}
            <Badge small severity={STATEMENT_SEVERITY[s.status] ?? 'info'}>
              {STATEMENT_LABELS[s.status] ?? s.status}
            </Badge>
            {s.paidOn && ` le ${frenchDate(s.paidOn)}`}{' '}
            {s.bankRejection && (
              <strong>Virement rejeté par la banque : {s.bankRejection}. Vérifiez vos coordonnées bancaires. </strong>
            )}
            <a href={paymentsApi.statementPdfUrl(s.id)} download>
              PDF du relevé {s.reference}
            </a>{' '}
            {s.status === 'draft' && (
              <Button size="small" onClick={() => void submit(s.id)}>
                J'atteste que ces ateliers ont eu lieu : transmettre le relevé {s.reference}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
