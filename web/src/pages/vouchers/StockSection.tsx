import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useState } from 'react';
import { vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { useLoad } from '../../useLoad';

/** The programme's stock per holder, and the allocation of carnets to a distributor. */
export function StockSection({ programmeId, version }: { programmeId: string; version: number }) {
  const stock = useLoad(() => vouchersApi.stock(programmeId), [programmeId, version]);
  const distributors = useLoad(() => vouchersApi.distributors(programmeId), [programmeId]);
  const [to, setTo] = useState('');
  const [count, setCount] = useState('1');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const res = await vouchersApi.allocate(programmeId, { distributorId: to, count: Number(count) });
      setDone(`${res.serials.length} carnet(s) attribué(s) : ${res.serials[0]} à ${res.serials.at(-1)}.`);
      stock.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className={fr.cx('fr-mt-6w')} aria-labelledby="stock">
      <h2 id="stock">Stock de carnets</h2>
      {stock.data && stock.data.length === 0 && <p>Aucun carnet en stock.</p>}
      {stock.data && stock.data.length > 0 && (
        <Table
          caption="Carnets en stock par détenteur"
          headers={['Détenteur', 'Carnets']}
          data={stock.data.map((l) => [l.name, String(l.carnets)])}
        />
      )}
      <h3>Attribuer des carnets à un prescripteur</h3>
      {error !== null && <ErrorAlert error={error} title="Attribution impossible" />}
      {done && <Alert severity="success" small description={done} className="fr-mb-2w" />}
      <form onSubmit={submit} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
          <Select
            label="Prescripteur"
            nativeSelectProps={{ value: to, onChange: (e) => setTo(e.target.value), required: true }}
          >
            <option value="">Choisir un prescripteur</option>
            {distributors.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
          <Input
            label="Nombre de carnets"
            nativeInputProps={{ type: 'number', min: 1, value: count, onChange: (e) => setCount(e.target.value) }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4', 'fr-mb-3w')}>
          <Button type="submit">Attribuer</Button>
        </div>
      </form>
    </section>
  );
}
