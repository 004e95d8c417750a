import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { impactApi, type UnusedCarnet } from '../../api/impact';
import { remindersApi } from '../../api/reminders';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';

function contact(c: UnusedCarnet): string {
  if (!c.contact) return "N'a pas accepté les rappels";
  const name = [c.contact.firstName, c.contact.lastName].filter(Boolean).join(' ');
  return [name, c.contact.phone, c.contact.email].filter(Boolean).join(' — ');
}

/** What can be done about the reminder: the holdout group is left alone, for the measure. */
function ReminderCell({ c, onRemind }: { c: UnusedCarnet; onRemind: (serial: string) => void }) {
  if (c.reminder?.arm === 'holdout') return <>Groupe témoin : pas de relance</>;
  if (!c.contact) return <>—</>;
  return (
    <>
      {c.reminder?.lastRemindedAt && <>Relancé le {frenchDate(c.reminder.lastRemindedAt.slice(0, 10))} </>}
      <Button
        size="small"
        priority="secondary"
        onClick={() => onRemind(c.serial)}
        title={`Relancer — carnet ${c.serial}`}
      >
        Relancer
      </Button>
    </>
  );
}

/** The distributor's carnets that nobody used yet: people to call back or remind, when they agreed to it. */
export function UnusedCarnets({ programmeId }: { programmeId: string }) {
  const { data, reload } = useLoad(() => impactApi.unusedCarnets(programmeId), [programmeId]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!data) return null;
  async function remind(serial: string) {
    setError(null);
    setDone(null);
    try {
      const r = await remindersApi.remind(serial);
      setDone(
        `Relance du carnet ${r.serial} envoyée (${r.channels.map((ch) => (ch === 'sms' ? 'SMS' : 'courriel')).join(' et ')}).`,
      );
      reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Carnets remis pas encore utilisés</h3>
      {done && <Alert severity="success" small description={done} className={fr.cx('fr-mb-2w')} />}
      {error !== null && <ErrorAlert error={error} title="Relance impossible" />}
      {data.length === 0 ? (
        <p>Tous les carnets que vous avez remis ont servi au moins une fois.</p>
      ) : (
        <Table
          caption={`${data.length} carnet(s) dont aucun pass n'a servi, du plus ancien au plus récent`}
          headers={[
            'Carnet',
            'Remis le',
            "Valable jusqu'au",
            'Contact (si la personne a accepté les rappels)',
            'Relance',
          ]}
          data={data.map((c) => [
            c.serial,
            frenchDate(c.distributedAt.slice(0, 10)),
            c.expiresOn ? frenchDate(c.expiresOn) : '—',
            contact(c),
            <ReminderCell key={c.serial} c={c} onRemind={(s) => void remind(s)} />,
          ])}
        />
      )}
    </>
  );
}
