import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type RedemptionResult, vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { euros } from '../../labels';
import { useSession } from '../../session';
import { QrScanner } from './QrScanner';

/**
 * A venue validates the passes given for a workshop: one code per line, typed or sent by a USB
 * scanner (which types the code and Enter). All are validated together or none.
 */
export function RedeemPage() {
  const { me } = useSession();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<RedemptionResult | null>(null);
  const [undone, setUndone] = useState(false);
  useEffect(() => {
    document.title = 'Valider des pass — Passnum';
  }, []);
  const addScanned = useCallback(
    (scanned: string) => setText((t) => (t.trim() ? `${t.trim()}\n${scanned}` : scanned)),
    [],
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!me) return;
    setError(null);
    setDone(null);
    setUndone(false);
    const codes = text
      .split(/[\n,;]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      // One key per attempt: a double click or a network retry validates nothing twice.
      const res = await vouchersApi.redeem({ venueId: me.organisationId, codes }, crypto.randomUUID());
      setDone(res);
      setText('');
    } catch (err) {
      setError(err);
    }
  }

  async function undo() {
    if (!done) return;
    try {
      await vouchersApi.undoRedemption(done.redemptionId);
      setUndone(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Valider des pass</h1>
      {done && !undone && (
        <Alert
          severity="success"
          as="h2"
          title={`${done.passes.length} pass validé(s) : ${euros(done.amountCents)}`}
          description={
            <>
              <span>{done.passes.join(', ')}</span>{' '}
              <Button priority="tertiary" size="small" onClick={() => void undo()}>
                Annuler cette validation
              </Button>
            </>
          }
          className="fr-mb-3w"
        />
      )}
      {undone && (
        <Alert
          severity="info"
          small
          description="Validation annulée : les pass peuvent être utilisés à nouveau."
          className="fr-mb-3w"
        />
      )}
      {error !== null && <ErrorAlert error={error} title="Validation refusée" />}
      <QrScanner onCode={addScanned} />
      <form onSubmit={submit} noValidate>
        <Input
          label="Codes des pass"
          hintText="Un code par ligne, par exemple 7KQ4-M9XZ-2HD8-T ; un lecteur de codes USB peut les saisir."
          textArea
          nativeTextAreaProps={{
            value: text,
            rows: 5,
            onChange: (e) => setText(e.target.value),
            spellCheck: false,
            autoCapitalize: 'characters',
          }}
        />
        <Button type="submit">Valider</Button>
      </form>
    </>
  );
}
