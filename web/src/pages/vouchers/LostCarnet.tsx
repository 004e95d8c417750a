import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useState } from 'react';
import { vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../useLoad';

const REASONS = ['Carnet perdu', 'Carnet volé', 'Carnet abîmé ou détruit'];

/**
 * A carnet handed out is lost, stolen or damaged: its unspent passes are cancelled (with the
 * reason, in the audit log) and, in a second step, a carnet of the stock replaces them for the
 * same person. Passes already spent stay spent. A distributor does it for the carnets it handed
 * out, an operator for any carnet of its programme (the server checks both).
 */
export function LostCarnet({ stock, onReplaced }: { stock: string[]; onReplaced: () => void }) {
  const [serial, setSerial] = useState('');
  const [reason, setReason] = useState(REASONS[0] as string);
  const [details, setDetails] = useState('');
  const [cancelled, setCancelled] = useState<string[] | null>(null);
  const [replacement, setReplacement] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const lost = serial.trim().toUpperCase();
  const cancel = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const res = await vouchersApi.cancel(lost, details.trim() ? `${reason} : ${details.trim()}` : reason);
      setCancelled(res.cancelled);
      setReplacement(stock[0] ?? '');
    } catch (err) {
      setError(err);
    }
  };
  const replace = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const res = await vouchersApi.replace(lost, replacement);
      setDone(`Carnet ${res.serial} remis en remplacement : ${res.passes.length} pass valables.`);
      onReplaced();
      setCancelled(null);
      setSerial('');
      setDetails('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="fr-mt-6w">
      <h2>Carnet perdu, volé ou abîmé</h2>
      {error !== null && <ErrorAlert error={error} title="Opération impossible" />}
      {done && <Alert severity="success" small description={done} className="fr-mb-2w" />}
      {cancelled === null ? (
        <form onSubmit={cancel} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Numéro du carnet perdu"
              nativeInputProps={{ value: serial, onChange: (e) => setSerial(e.target.value), required: true }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select label="Motif" nativeSelectProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Précision (facultatif)"
              nativeInputProps={{ value: details, onChange: (e) => setDetails(e.target.value) }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-mb-3w')}>
            <Button type="submit" priority="secondary">
              Annuler les pass non utilisés de ce carnet
            </Button>
          </div>
        </form>
      ) : (
        <form onSubmit={replace}>
          <Alert
            severity="info"
            small
            className="fr-mb-2w"
            description={`${cancelled.length} pass annulé(s) : ${cancelled.join(', ')}. Les pass déjà utilisés le restent.`}
          />
          <Select
            label="Carnet de remplacement"
            hint="Pris dans votre stock, remis à la même personne"
            nativeSelectProps={{ value: replacement, onChange: (e) => setReplacement(e.target.value) }}
          >
            {stock.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
          <Button type="submit" disabled={!replacement}>
            Remettre ce carnet en remplacement
          </Button>
        </form>
      )}
    </section>
  );
}

/** The operator's form: replacements come from the operator's own stock. */
export function OperatorLostCarnet({ programmeId, onReplaced }: { programmeId: string; onReplaced: () => void }) {
  const [version, setVersion] = useState(0);
  const { data } = useLoad(() => vouchersApi.carnetsInStock(programmeId, 50), [programmeId, version]);
  return (
    <LostCarnet
      stock={data ?? []}
      onReplaced={() => {
        setVersion((v) => v + 1);
        onReplaced();
      }}
    />
  );
}
