import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useState } from 'react';
import { type LineRejection, paymentsApi } from '../../api/payments';
import { ErrorAlert } from '../../components/ErrorAlert';
import { euros, frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';

type Decision = 'keep' | 'return' | 'cancel';

/** The operator reads a submitted statement line by line, rejects lines with a reason, and validates it. */
export function StatementReview({
  id,
  reference,
  onDone,
}: {
  id: string;
  reference: string;
  onDone: (m: string) => void;
}) {
  const { data } = useLoad(() => paymentsApi.statement(id), [id]);
  const [decisions, setDecisions] = useState<Record<string, { action: Decision; reason: string }>>({});
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const rejections = Object.entries(decisions)
      .filter(([, d]) => d.action !== 'keep')
      .map(([serial, d]) => ({ serial, reason: d.reason, action: d.action as LineRejection['action'] }));
    try {
      await paymentsApi.validate(id, rejections);
      onDone(`Relevé ${reference} validé${rejections.length ? `, ${rejections.length} ligne(s) rejetée(s)` : ''}.`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="fr-mt-1w fr-mb-2w">
      {error !== null && <ErrorAlert error={error} />}
      {data?.lines?.map((l) => {
        const d = decisions[l.serial] ?? { action: 'keep' as Decision, reason: '' };
        const set = (next: Partial<typeof d>) => setDecisions({ ...decisions, [l.serial]: { ...d, ...next } });
        return (
          <fieldset key={l.serial} className="fr-fieldset fr-mb-1w">
            <legend className="fr-fieldset__legend fr-text--regular">
              Pass {l.serial}, validé le {frenchDate(l.redeemedAt)}, {euros(l.amountCents)}
            </legend>
            <Select
              label="Décision"
              nativeSelectProps={{ value: d.action, onChange: (e) => set({ action: e.target.value as Decision }) }}
            >
              <option value="keep">Retenir</option>
              <option value="return">Rejeter : reporter au relevé suivant</option>
              <option value="cancel">Rejeter : annuler le pass</option>
            </Select>
            {d.action !== 'keep' && (
              <Input
                label="Motif du rejet"
                nativeInputProps={{ required: true, value: d.reason, onChange: (e) => set({ reason: e.target.value }) }}
              />
            )}
          </fieldset>
        );
      })}
      <Button type="submit" size="small">
        Valider le relevé {reference}
      </Button>
    </form>
  );
}
