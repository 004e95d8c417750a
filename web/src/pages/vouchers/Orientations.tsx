import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useState } from 'react';
import { type Beneficiary, type Orientation, vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { CATEGORY_LABELS, frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';

const STATUS_LABELS: Record<Orientation['status'], string> = {
  pending: 'En attente',
  handed: 'Carnet remis',
  closed: 'Close sans carnet',
  lapsed: 'Expirée sans suite (90 jours)',
};

const day = (iso: string | null) => (iso ? frenchDate(iso.slice(0, 10)) : '');

/** What became of an orientation, in words. */
export function outcomeOf(o: Orientation): string {
  if (o.status === 'handed') return `${STATUS_LABELS.handed} (n° ${o.carnetSerial})`;
  if (o.status === 'closed') return `${STATUS_LABELS.closed} le ${day(o.closedAt)} : ${o.closedReason}`;
  return STATUS_LABELS[o.status];
}

function CloseForm({ o, onClosed }: { o: Orientation; onClosed: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const name = o.person ? `${o.person.firstName} ${o.person.lastName}` : 'cette personne';
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await vouchersApi.closeOrientation(o.id, reason);
      onClosed();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit}>
      {error !== null && <ErrorAlert error={error} title="Clôture impossible" />}
      <Input
        label={`Motif de clôture pour ${name}`}
        hintText="Visible par l'orienteur, par exemple : injoignable après trois appels"
        nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value), required: true, minLength: 3 }}
      />
      <Button type="submit" size="small" priority="secondary">
        Clore sans carnet
      </Button>
    </form>
  );
}

/** The prescriber's inbox: people oriented to it, to hand a carnet in a click or close with a reason. */
export function OrientationsInbox({
  programmeId,
  version,
  onHand,
}: {
  programmeId: string;
  version: number;
  onHand: (person: Beneficiary) => void;
}) {
  const pending = useLoad(() => vouchersApi.orientations(programmeId, 'pending'), [programmeId, version]);
  const [closing, setClosing] = useState<string | null>(null);
  if (!pending.data || pending.data.length === 0) return null;
  return (
    <section className={fr.cx('fr-mb-4w')}>
      <h2>Personnes orientées vers vous</h2>
      <ul className={fr.cx('fr-raw-list')}>
        {pending.data.map((o) => {
          const p = o.person;
          const name = p ? `${p.firstName} ${p.lastName}` : 'Personne orientée';
          return (
            <li key={o.id} className={fr.cx('fr-mb-2w')}>
              <p className={fr.cx('fr-mb-1w')}>
                <strong>{name}</strong>
                {p && ` — née en ${p.birthYear}, ${CATEGORY_LABELS[p.publicCategory] ?? p.publicCategory}`} — orientée
                par {o.referrerName} le {day(o.createdAt)}
              </p>
              {p && (
                <Button size="small" onClick={() => onHand(p)} className={fr.cx('fr-mr-2w')}>
                  {`Remettre un carnet à ${name}`}
                </Button>
              )}
              <Button
                size="small"
                priority="tertiary"
                onClick={() => setClosing(closing === o.id ? null : o.id)}
                nativeButtonProps={{ 'aria-expanded': closing === o.id }}
              >
                {`Clore l'orientation de ${name}`}
              </Button>
              {closing === o.id && (
                <CloseForm
                  o={o}
                  onClosed={() => {
                    setClosing(null);
                    pending.reload();
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The referrer follows its orientations: waiting, carnet handed, or closed with the reason. */
export function MyOrientations({ programmeId, version }: { programmeId: string; version: number }) {
  const list = useLoad(() => vouchersApi.orientations(programmeId), [programmeId, version]);
  if (list.error !== null) return <ErrorAlert error={list.error} title="Chargement impossible" />;
  if (!list.data) return null;
  if (list.data.length === 0) return <Alert severity="info" small description="Aucune orientation pour l'instant." />;
  return (
    <Table
      caption="Mes orientations et leur suite"
      headers={['Date', 'Personne', 'Suite']}
      data={list.data.map((o) => [
        day(o.createdAt),
        o.person ? `${o.person.firstName} ${o.person.lastName}` : 'Données effacées',
        outcomeOf(o),
      ])}
    />
  );
}
