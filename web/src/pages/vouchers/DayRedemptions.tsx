import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { type VenueRedemption, vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { euros } from '../../labels';
import { useLoad } from '../../useLoad';

const time = (iso: string) => new Date(iso).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });

function what(r: VenueRedemption): string {
  const session = r.sessionStartsAt ? `, séance de ${time(r.sessionStartsAt)}` : '';
  const base = r.workshopTitle ? `${r.workshopTitle}${session}` : (r.service ?? 'Atelier non précisé');
  return r.countReason ? `${base} — ${r.countReason}` : base;
}

/** The venue's validations of the day: any of them may be undone while the rules allow it. */
export function DayRedemptions({ version, onUndone }: { version: number; onUndone: (redemptionId: string) => void }) {
  const list = useLoad(() => vouchersApi.myRedemptions(), [version]);
  const [error, setError] = useState<unknown>(null);
  async function undo(r: VenueRedemption) {
    setError(null);
    try {
      await vouchersApi.undoRedemption(r.id);
      list.reload();
      onUndone(r.id);
    } catch (err) {
      setError(err);
    }
  }
  if (!list.data || list.data.length === 0) return null;
  return (
    <section className="fr-mt-6w">
      <h2>Validations du jour</h2>
      {error !== null && <ErrorAlert error={error} title="Annulation impossible" />}
      <Table
        caption="Validations d'aujourd'hui, de la plus récente à la plus ancienne"
        headers={['Heure', 'Pass', 'Montant', 'Atelier', 'État']}
        data={list.data.map((r) => [
          time(r.createdAt),
          r.passes.join(', '),
          euros(r.amountCents),
          what(r),
          r.undone ? (
            'Annulée'
          ) : r.undoable ? (
            <Button key="u" size="small" priority="tertiary" onClick={() => void undo(r)}>
              {`Annuler la validation de ${time(r.createdAt)}`}
            </Button>
          ) : (
            'Validée'
          ),
        ])}
      />
    </section>
  );
}
