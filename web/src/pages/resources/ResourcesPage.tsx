import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Tag } from '@codegouvfr/react-dsfr/Tag';
import { type FormEvent, useEffect, useState } from 'react';
import { resourcesApi } from '../../api/resources';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useUrlParams } from '../../components/useUrlParams';
import { frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';

const EMPTY = { title: '', description: '', url: '', tags: '' };

/** Share a link or a file with the actors of one's territory. */
function ShareForm({ onShared }: { onShared: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const field = (k: keyof typeof EMPTY) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  const read = (f: File) =>
    new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(f);
    });
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await resourcesApi.share({
        title: form.title,
        description: form.description,
        url: form.url || undefined,
        file: file
          ? { name: file.name, contentType: file.type || 'application/octet-stream', contentBase64: await read(file) }
          : undefined,
        tags: form.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      });
      setForm(EMPTY);
      setFile(null);
      setDone(true);
      onShared();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Partager une ressource" className={fr.cx('fr-mt-4w')}>
      <h2 className="fr-h5">Partager une ressource</h2>
      {done && <Alert severity="success" small description="Ressource partagée." className={fr.cx('fr-mb-2w')} />}
      {error !== null && <ErrorAlert error={error} title="Ressource non partagée" />}
      <Input label="Titre" nativeInputProps={{ ...field('title'), required: true }} />
      <Input label="Description" textArea nativeTextAreaProps={field('description')} />
      <Input label="Lien (https://…)" nativeInputProps={{ ...field('url'), type: 'url' }} />
      <Input
        label="Ou un fichier (5 Mio au plus)"
        nativeInputProps={{ type: 'file', onChange: (e) => setFile(e.target.files?.[0] ?? null) }}
      />
      <Input label="Mots-clés" hintText="Séparés par des virgules" nativeInputProps={field('tags')} />
      <Button type="submit">Partager</Button>
    </form>
  );
}

/**
 * "Ressources": documents and tools shared by the actors of the territory, searched in French
 * (the search and the tag stay in the URL).
 */
export function ResourcesPage() {
  const { get, set } = useUrlParams();
  const q = get('q');
  const tag = get('motcle');
  const [text, setText] = useState(q);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(() => resourcesApi.search({ q, tag: tag || undefined }), [q, tag]);
  useEffect(() => {
    document.title = 'Ressources partagées — Passnum';
  }, []);
  async function remove(id: string) {
    setError(null);
    try {
      await resourcesApi.remove(id);
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <h1>Ressources partagées</h1>
      <p className={fr.cx('fr-text--lead')}>Documents et outils que les acteurs du territoire partagent.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          set('q', text.trim());
        }}
        className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}
      >
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Rechercher"
            hintText="Des mots, « une expression » entre guillemets, -mot pour l'exclure"
            nativeInputProps={{ type: 'search', value: text, onChange: (e) => setText(e.target.value) }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select label="Mot-clé" nativeSelectProps={{ value: tag, onChange: (e) => set('motcle', e.target.value) }}>
            <option value="">Tous</option>
            {list.data?.tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                {`${t.tag} (${t.count})`}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-2')}>
          <Button type="submit">Rechercher</Button>
        </div>
      </form>
      {error !== null && <ErrorAlert error={error} title="Action impossible" />}
      {list.loading && !list.data && <Loading />}
      {list.error !== null && <ErrorAlert error={list.error} title="Recherche impossible" />}
      {list.data && (
        <>
          <h2 className="fr-h5" aria-live="polite">
            {`${list.data.items.length} ressource(s)`}
          </h2>
          <ul className="fr-raw-list">
            {list.data.items.map((r) => (
              <li key={r.id} className="fr-mb-2w fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
                <h3 className="fr-h6 fr-mb-1v">
                  {r.url ? (
                    <a href={r.url} target="_blank" rel="noopener noreferrer">
                      {r.title}
                    </a>
                  ) : (
                    <a href={resourcesApi.fileUrl(r.id)} download>
                      {`${r.title} (${r.fileName})`}
                    </a>
                  )}
                </h3>
                {r.description && <p className="fr-mb-1v">{r.description}</p>}
                <p className="fr-text--sm fr-mb-1v">
                  {r.organisationName}, le {frenchDate(r.createdOn)}
                </p>
                {r.tags.map((t) => (
                  <Tag key={t} small className="fr-mr-1w">
                    {t}
                  </Tag>
                ))}
                {r.mine && (
                  <Button
                    size="small"
                    priority="tertiary"
                    onClick={() => void remove(r.id)}
                    title={`Retirer « ${r.title} »`}
                  >
                    Retirer
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <ShareForm onShared={list.reload} />
    </>
  );
}
