import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { trainingApi } from '../../api/training';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Table } from '../../components/Table';
import { frenchDate } from '../../labels';
import { rolesOf } from '../../roles';
import { useSession } from '../../session';
import { useLoad } from '../../useLoad';
import { PathEditor } from './PathEditor';
import { SessionsTable } from './SessionsTable';

/** The hub creates a path (a draft until published). */
function NewPath({ onCreated }: { onCreated: () => void }) {
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await trainingApi.createPath({ title, summary });
      setTitle('');
      setSummary('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Créer un parcours de formation">
      <h2 className="fr-h5">Créer un parcours</h2>
      {error !== null && <ErrorAlert error={error} title="Parcours non créé" />}
      <Input
        label="Titre du parcours"
        nativeInputProps={{ value: title, required: true, onChange: (e) => setTitle(e.target.value) }}
      />
      <Input
        label="Présentation"
        textArea
        nativeTextAreaProps={{ value: summary, onChange: (e) => setSummary(e.target.value) }}
      />
      <Button type="submit">Créer le parcours (brouillon)</Button>
    </form>
  );
}

/** Who is trained, by organisation and commune, for the hub. */
function Trained() {
  const { data } = useLoad(() => trainingApi.trained(), []);
  if (!data) return null;
  return (
    <>
      <h2 className="fr-h5 fr-mt-4w">Personnes formées</h2>
      {data.length === 0 ? (
        <p>Personne n'a encore terminé un de vos parcours.</p>
      ) : (
        <Table
          caption="Personnes ayant terminé vos parcours, par structure et commune"
          headers={['Commune', 'Structure', 'Parcours', 'Personnes']}
          data={data.map((r) => [r.commune ?? '—', r.organisationName, r.pathTitle, r.people.toLocaleString('fr-FR')])}
        />
      )}
    </>
  );
}

/**
 * "Formations": the paths the territory's hub publishes for aidants, their modules and dated
 * sessions, enrolment (or the waiting list), and one's attestations; the hub builds its paths here.
 */
export function TrainingPage() {
  const { me } = useSession();
  const paths = useLoad(() => trainingApi.paths(), []);
  const attestations = useLoad(() => trainingApi.attestations(), []);
  useEffect(() => {
    document.title = 'Formations des aidants — Passnum';
  }, []);
  const roles = me ? rolesOf(me) : new Set();
  const hub = roles.has('admin') || roles.has('operator');
  return (
    <>
      <h1>Formations des aidants</h1>
      <p className={fr.cx('fr-text--lead')}>
        Les parcours du pôle territorial pour les personnes qui accompagnent : modules à lire, sessions datées,
        attestation à la fin.
      </p>
      {(attestations.data?.length ?? 0) > 0 && (
        <>
          <h2 className="fr-h5">Mes attestations</h2>
          <ul>
            {attestations.data?.map((a) => (
              <li key={a.code}>
                {a.pathTitle}, le {frenchDate(a.issuedOn)} —{' '}
                <a href={trainingApi.attestationPdfUrl(a.code)} download>
                  télécharger l'attestation (PDF)
                </a>{' '}
                — <Link to={`/attestations/${a.code}`}>page de vérification</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {paths.loading && !paths.data && <Loading />}
      {paths.error !== null && <ErrorAlert error={paths.error} title="Parcours indisponibles" />}
      {paths.data?.length === 0 && <p>Aucun parcours publié pour l'instant.</p>}
      {paths.data?.map((p) => (
        <section key={p.id} className={fr.cx('fr-mb-4w')}>
          <h2 className="fr-h4 fr-mb-1w">
            {p.title}
            {!p.published && ' (brouillon)'}
          </h2>
          <p className={fr.cx('fr-text--sm', 'fr-mb-1w')}>Par {p.organisationName}</p>
          {p.summary && <p>{p.summary}</p>}
          {p.modules.map((m) => (
            <details key={m.id} className="fr-mb-1w">
              <summary>{m.title}</summary>
              <p style={{ whiteSpace: 'pre-wrap' }}>{m.body}</p>
              <ul>
                {m.links.map((l) => (
                  <li key={l.url}>
                    <a href={l.url} target="_blank" rel="noopener noreferrer">
                      {l.label}
                    </a>
                  </li>
                ))}
                {m.files.map((f) => (
                  <li key={f.id}>
                    <a href={trainingApi.fileUrl(f.id)} download>
                      {f.name}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          ))}
          <SessionsTable path={p} onChanged={paths.reload} />
          {p.editable && <PathEditor path={p} onSaved={paths.reload} />}
        </section>
      ))}
      {hub && (
        <>
          <NewPath onCreated={paths.reload} />
          <Trained />
        </>
      )}
    </>
  );
}
