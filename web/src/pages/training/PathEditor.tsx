import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useState } from 'react';
import { type Attendee, type TrainingPath, trainingApi } from '../../api/training';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { when } from './SessionsTable';

/** The trainer's list of one session: who comes, who waits, and presence (present: attestation issued). */
function Attendance({ sessionId, label }: { sessionId: string; label: string }) {
  const [list, setList] = useState<Attendee[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run(action: () => Promise<Attendee[]>) {
    setError(null);
    try {
      setList(await action());
    } catch (err) {
      setError(err);
    }
  }
  if (!list) {
    return (
      <Button size="small" priority="tertiary" onClick={() => void run(() => trainingApi.attendees(sessionId))}>
        {`Liste des inscrits — ${label}`}
      </Button>
    );
  }
  return (
    <>
      {error !== null && <ErrorAlert error={error} title="Présence non notée" />}
      <Table
        caption={`Inscrits — ${label}`}
        headers={['Personne', 'Structure', 'Inscription', 'Présence']}
        data={list.map((a) => [
          a.name,
          a.organisationName,
          a.status === 'enrolled' ? 'Inscrit(e)' : "Liste d'attente",
          a.status === 'enrolled' ? (
            <Checkbox
              key={a.userId}
              small
              options={[
                {
                  label: `Présent(e) — ${a.name}`,
                  nativeInputProps: {
                    checked: a.attended === true,
                    onChange: (e) => void run(() => trainingApi.attendance(sessionId, a.userId, e.target.checked)),
                  },
                },
              ]}
            />
          ) : (
            '—'
          ),
        ])}
      />
    </>
  );
}

/** The hub's tools on one of its paths: publish, add a module (text, links, a file), add a session. */
export function PathEditor({ path, onSaved }: { path: TrainingPath; onSaved: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [module, setModule] = useState({ title: '', body: '', linkLabel: '', linkUrl: '' });
  const [session, setSession] = useState({ startsAt: '', place: '', capacity: '12' });
  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      onSaved();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  }
  const addModule = async (e: FormEvent) => {
    e.preventDefault();
    const links = module.linkUrl ? [{ label: module.linkLabel || module.linkUrl, url: module.linkUrl }] : [];
    if (await run(() => trainingApi.addModule(path.id, { title: module.title, body: module.body, links })))
      setModule({ title: '', body: '', linkLabel: '', linkUrl: '' });
  };
  const addSession = async (e: FormEvent) => {
    e.preventDefault();
    const startsAt = session.startsAt ? new Date(session.startsAt).toISOString() : '';
    if (
      await run(() =>
        trainingApi.addSession(path.id, { startsAt, place: session.place, capacity: Number(session.capacity) }),
      )
    )
      setSession({ startsAt: '', place: '', capacity: '12' });
  };
  const attach = (moduleId: string, file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const base64 = String(reader.result).split(',')[1] ?? '';
      void run(() =>
        trainingApi.addFile(moduleId, {
          name: file.name,
          contentType: file.type || 'application/octet-stream',
          contentBase64: base64,
        }),
      );
    };
    reader.readAsDataURL(file);
  };
  return (
    <div className={fr.cx('fr-p-2w', 'fr-mb-2w')} style={{ border: '1px dashed var(--border-default-grey)' }}>
      <h3 className="fr-h6">Gérer ce parcours</h3>
      {error !== null && <ErrorAlert error={error} title="Enregistrement impossible" />}
      <Button
        size="small"
        priority="secondary"
        onClick={() =>
          void run(() =>
            trainingApi.updatePath(path.id, { title: path.title, summary: path.summary, published: !path.published }),
          )
        }
      >
        {path.published ? 'Retirer la publication' : 'Publier le parcours'}
      </Button>
      {path.modules.map((m) => (
        <Input
          key={m.id}
          label={`Joindre un fichier au module « ${m.title} » (5 Mio au plus)`}
          nativeInputProps={{ type: 'file', onChange: (e) => attach(m.id, e.target.files?.[0]) }}
        />
      ))}
      <form onSubmit={(e) => void addModule(e)} aria-label={`Ajouter un module à ${path.title}`}>
        <Input
          label="Titre du module"
          nativeInputProps={{
            value: module.title,
            required: true,
            onChange: (e) => setModule({ ...module, title: e.target.value }),
          }}
        />
        <Input
          label="Contenu"
          textArea
          nativeTextAreaProps={{ value: module.body, onChange: (e) => setModule({ ...module, body: e.target.value }) }}
        />
        <Input
          label="Lien : intitulé"
          nativeInputProps={{
            value: module.linkLabel,
            onChange: (e) => setModule({ ...module, linkLabel: e.target.value }),
          }}
        />
        <Input
          label="Lien : adresse (https://…)"
          nativeInputProps={{
            type: 'url',
            value: module.linkUrl,
            onChange: (e) => setModule({ ...module, linkUrl: e.target.value }),
          }}
        />
        <Button type="submit" size="small">
          Ajouter le module
        </Button>
      </form>
      <form
        onSubmit={(e) => void addSession(e)}
        aria-label={`Ajouter une session à ${path.title}`}
        className="fr-mt-2w"
      >
        <Input
          label="Date et heure de la session"
          nativeInputProps={{
            type: 'datetime-local',
            value: session.startsAt,
            required: true,
            onChange: (e) => setSession({ ...session, startsAt: e.target.value }),
          }}
        />
        <Input
          label="Lieu de la session"
          nativeInputProps={{
            value: session.place,
            required: true,
            onChange: (e) => setSession({ ...session, place: e.target.value }),
          }}
        />
        <Input
          label="Nombre de places"
          nativeInputProps={{
            type: 'number',
            min: 1,
            max: 500,
            value: session.capacity,
            onChange: (e) => setSession({ ...session, capacity: e.target.value }),
          }}
        />
        <Button type="submit" size="small">
          Ajouter la session
        </Button>
      </form>
      {path.sessions.map((s) => (
        <Attendance key={s.id} sessionId={s.id} label={`${when(s.startsAt)}, ${s.place}`} />
      ))}
    </div>
  );
}
