import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useEffect, useState } from 'react';
import { type OrderSummary, vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { euros } from '../../labels';
import { useLoad } from '../../useLoad';

const STATUS: Record<OrderSummary['status'], string> = {
  queued: 'En attente',
  running: 'Émission en cours',
  done: 'Émise',
  failed: 'En échec',
};

/** Orders of a programme: a form to order carnets, and each order's progress and print files. */
export function OrdersSection({ programmeId, onIssued }: { programmeId: string; onIssued: () => void }) {
  const orders = useLoad(() => vouchersApi.orders(programmeId), [programmeId]);
  const [count, setCount] = useState('10');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pending = orders.data?.some((o) => o.status === 'queued' || o.status === 'running') ?? false;

  // While an order is being issued, its progress is read again every second.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      orders.reload();
      onIssued();
    }, 1000);
    return () => clearTimeout(timer);
  }, [pending, orders, onIssued]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await vouchersApi.order(programmeId, Number(count));
      orders.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={fr.cx('fr-mt-6w')} aria-labelledby="commandes">
      <h2 id="commandes">Commandes de carnets</h2>
      {error !== null && <ErrorAlert error={error} title="Commande refusée" />}
      <form onSubmit={submit} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Nombre de carnets"
            nativeInputProps={{ type: 'number', min: 1, value: count, onChange: (e) => setCount(e.target.value) }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4', 'fr-mb-3w')}>
          <Button type="submit" disabled={busy}>
            Commander
          </Button>
        </div>
      </form>
      {orders.error !== null && <ErrorAlert error={orders.error} title="Chargement impossible" />}
      {orders.data && orders.data.length === 0 && <p>Aucune commande pour l'instant.</p>}
      {orders.data && orders.data.length > 0 && (
        <Table
          caption="Commandes, les plus récentes en premier"
          headers={['Date', 'Carnets', 'Valeur', 'État', 'Fichiers à imprimer']}
          data={orders.data.map((o) => [
            new Date(o.createdAt).toLocaleString('fr-FR'),
            o.carnets.toLocaleString('fr-FR'),
            euros(o.valueCents),
            o.status === 'running' || o.status === 'queued' ? (
              <span key="p">
                <label htmlFor={`progress-${o.orderId}`}>{STATUS[o.status]}</label>{' '}
                <progress id={`progress-${o.orderId}`} max={1} value={o.progress}>
                  {Math.round(o.progress * 100)} %
                </progress>
              </span>
            ) : (
              STATUS[o.status]
            ),
            o.status === 'done' ? (
              <span key="f">
                <a href={vouchersApi.printUrl(o.orderId, 'pdf')} download>
                  PDF
                </a>{' '}
                ·{' '}
                <a href={vouchersApi.printUrl(o.orderId, 'csv')} download>
                  CSV
                </a>
              </span>
            ) : (
              '—'
            ),
          ])}
        />
      )}
      {pending && (
        <Alert
          severity="info"
          small
          description="Émission en cours : cette page se met à jour toute seule."
          className="fr-mt-2w"
        />
      )}
    </section>
  );
}
