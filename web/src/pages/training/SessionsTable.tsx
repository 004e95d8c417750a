import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { type TrainingPath, trainingApi } from '../../api/training';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';

export const when = (iso: string) =>
  new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' });

/** A path's sessions with the places left, and the reader's own enrolment to take or leave. */
export function SessionsTable({ path, onChanged }: { path: TrainingPath; onChanged: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (path.sessions.length === 0) return <p>Aucune session prévue pour l'instant.</p>;
  async function act(sessionId: string, enrolled: boolean) {
    setError(null);
    setMessage(null);
    try {
      if (enrolled) {
        await trainingApi.withdraw(sessionId);
        setMessage('Vous êtes désinscrit(e) de cette session.');
      } else {
        const e = await trainingApi.enrol(sessionId);
        setMessage(
          e.status === 'enrolled'
            ? 'Vous êtes inscrit(e) à cette session.'
            : `Cette session est complète : vous êtes en liste d'attente (rang ${e.rank}). Si une place se libère, elle vous revient et vous êtes prévenu(e) par courriel.`,
        );
      }
      onChanged();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      {message && <Alert severity="info" small description={message} className={fr.cx('fr-mb-2w')} />}
      {error !== null && <ErrorAlert error={error} title="Inscription impossible" />}
      <Table
        caption={`Sessions de « ${path.title} »`}
        headers={['Date', 'Lieu', 'Places', 'Votre inscription']}
        data={path.sessions.map((s) => [
          when(s.startsAt),
          s.place,
          `${Math.max(0, s.capacity - s.enrolled)} libre(s) sur ${s.capacity}${s.waiting ? `, ${s.waiting} en attente` : ''}`,
          <span key={s.id}>
            {s.mine ? (s.mine.status === 'enrolled' ? 'Inscrit(e) ' : `En liste d'attente (rang ${s.mine.rank}) `) : ''}
            <Button
              size="small"
              priority="secondary"
              onClick={() => void act(s.id, s.mine !== null)}
              title={`${s.mine ? 'Se désinscrire' : "S'inscrire"} — session du ${when(s.startsAt)}`}
            >
              {s.mine ? 'Me désinscrire' : s.enrolled >= s.capacity ? "M'inscrire en liste d'attente" : "M'inscrire"}
            </Button>
          </span>,
        ])}
      />
    </>
  );
}
