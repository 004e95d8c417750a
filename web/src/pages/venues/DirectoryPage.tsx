import { fr } from '@codegouvfr/react-dsfr';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { type DirectoryQuery, venuesApi } from '../../api/venues';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import type { DirectoryEntry } from '../../types';
import { useLoad } from '../../useLoad';
import { VenueMap } from './VenueMap';

const FILTERS = ['near', 'radiusKm', 'service', 'public', 'support', 'programmeId', 'commune', 'kind'] as const;

/**
 * The public directory, no account needed: search by commune or postcode, or around the user,
 * with the national standard's filters. The list holds everything; the map only repeats it.
 * The search lives in the URL, so a result can be shared and the back button works.
 */
export function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<DirectoryEntry[]>([]);
  const [communeText, setCommuneText] = useState(params.get('communeLabel') ?? '');
  const [locating, setLocating] = useState<string | null>(null);
  const { data: vocabulary } = useLoad(() => venuesApi.vocabulary(), []);
  const { data: programmes } = useLoad(() => venuesApi.runningProgrammes(), []);
  const { data: communes } = useLoad(
    () =>
      communeText.length >= 2 && !/ \(\d/.test(communeText) ? venuesApi.communes(communeText) : Promise.resolve([]),
    [communeText],
  );
  // Without a choice, every place the territory knows: the hub's whole picture of the offer.
  const query: Record<string, string | number> = { page, kind: 'all' };
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  const { data, error, loading } = useLoad(() => venuesApi.directory(query as DirectoryQuery), [query]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page of the same search appends; a new search replaces.
  useEffect(() => {
    if (data) setItems((prev) => (page === 1 ? data.items : [...prev, ...data.items]));
  }, [data]);
  useEffect(() => {
    document.title = 'Lieux et ateliers près de chez vous — Passnum';
  }, []);

  const kindParam = params.get('kind');
  const kind = kindParam === 'distributor' || kindParam === 'venue' ? kindParam : 'all';
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setPage(1);
    setParams(next);
  };
  const chooseCommune = (e: FormEvent) => {
    e.preventDefault();
    const text = communeText.trim();
    const match =
      communes?.find((c) => `${c.name} (${c.postcodes[0] ?? c.departement})` === text) ??
      communes?.find((c) => c.postcodes.includes(text) || c.name.toLowerCase() === text.toLowerCase()) ??
      communes?.[0];
    update({ commune: match?.code ?? null, communeLabel: match ? text : null, near: null });
  };
  const nearMe = () => {
    if (!navigator.geolocation) {
      setLocating('Votre navigateur ne permet pas de vous localiser : cherchez par commune.');
      return;
    }
    setLocating('Localisation en cours…');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(null);
        update({
          near: `${pos.coords.latitude.toFixed(5)},${pos.coords.longitude.toFixed(5)}`,
          commune: null,
          communeLabel: null,
        });
      },
      () => setLocating("Votre position n'a pas pu être obtenue : cherchez par commune ou code postal."),
      { timeout: 10000 },
    );
  };
  const select = (label: string, key: string, values: string[] | undefined) => (
    <Select
      label={label}
      nativeSelectProps={{ value: params.get(key) ?? '', onChange: (e) => update({ [key]: e.target.value || null }) }}
    >
      <option value="">Tous</option>
      {(values ?? []).map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </Select>
  );

  return (
    <>
      <h1>
        {kind === 'distributor' ? 'Où obtenir un carnet de Pass numériques' : 'Lieux et ateliers près de chez vous'}
      </h1>
      <p className={fr.cx('fr-text--lead')}>
        {kind === 'distributor'
          ? 'Ces structures remettent des carnets aux personnes éligibles.'
          : kind === 'venue'
            ? 'Les lieux de médiation numérique qualifiés acceptent vos Pass numériques pour leurs ateliers.'
            : 'Tous les lieux de médiation numérique connus du territoire ; ceux qui acceptent le Pass numérique le disent.'}
      </p>
      <RadioButtons
        legend="Je cherche"
        orientation="horizontal"
        options={[
          {
            label: 'Tous les lieux de médiation numérique',
            nativeInputProps: { checked: kind === 'all', onChange: () => update({ kind: null }) },
          },
          {
            label: 'Un lieu qui accepte le Pass numérique',
            nativeInputProps: { checked: kind === 'venue', onChange: () => update({ kind: 'venue' }) },
          },
          {
            label: 'Où obtenir un carnet',
            nativeInputProps: { checked: kind === 'distributor', onChange: () => update({ kind: 'distributor' }) },
          },
        ]}
      />
      <form onSubmit={chooseCommune} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Commune ou code postal"
            nativeInputProps={{
              value: communeText,
              onChange: (e) => setCommuneText(e.target.value),
              list: 'communes',
              autoComplete: 'off',
            }}
          />
          <datalist id="communes">
            {(communes ?? []).map((c) => (
              <option key={c.code} value={`${c.name} (${c.postcodes[0] ?? c.departement})`} />
            ))}
          </datalist>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6', 'fr-mb-3w')}>
          <Button type="submit" iconId="fr-icon-search-line" className="fr-mr-2w">
            Rechercher
          </Button>
          <Button type="button" priority="secondary" iconId="fr-icon-map-pin-2-line" onClick={nearMe}>
            Près de moi
          </Button>
        </div>
      </form>
      {locating && <p role="status">{locating}</p>}
      <details className="fr-mb-3w">
        <summary>Affiner la recherche</summary>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mt-1w')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Distance maximale"
              nativeSelectProps={{
                value: params.get('radiusKm') ?? '30',
                onChange: (e) => update({ radiusKm: e.target.value }),
              }}
            >
              {['5', '10', '30', '60', '100'].map((km) => (
                <option key={km} value={km}>
                  {km} km
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>{select('Service', 'service', vocabulary?.services)}</div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>{select('Public', 'public', vocabulary?.publics)}</div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            {select('Accompagnement spécifique', 'support', vocabulary?.specificSupport)}
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Programme de Pass numériques"
              nativeSelectProps={{
                value: params.get('programmeId') ?? '',
                onChange: (e) => update({ programmeId: e.target.value || null }),
              }}
            >
              <option value="">Tous</option>
              {(programmes ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </details>
      {error !== null && <ErrorAlert error={error} title="Recherche impossible" />}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <section className={fr.cx('fr-col-12', 'fr-col-lg-6')} aria-labelledby="resultats">
          <h2 id="resultats" className="fr-h4" aria-live="polite">
            {loading && page === 1
              ? 'Recherche…'
              : `${items.length}${data?.hasMore ? '+' : ''} résultat${items.length > 1 ? 's' : ''}`}
          </h2>
          {loading && page === 1 ? (
            <Loading />
          ) : items.length === 0 ? (
            <p>Aucun lieu ne correspond : élargissez la distance ou retirez un filtre.</p>
          ) : (
            <ul className="fr-raw-list">
              {items.map((v) => (
                <li key={v.id} className="fr-mb-2w fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
                  <h3 className="fr-h6 fr-mb-1v">
                    <Link to={`/lieux/${v.id}`}>{v.name}</Link>
                  </h3>
                  <p className="fr-mb-1v">
                    {v.address}, {v.postcode} {v.communeName}
                    {v.distanceKm !== null && ` — à ${v.distanceKm.toLocaleString('fr-FR')} km`}
                  </p>
                  {v.programmes.map((p) => (
                    <Badge key={p.id} severity="success" small className="fr-mr-1w">
                      {`Accepte ${p.name}`}
                    </Badge>
                  ))}
                  {v.distributes && (
                    <Badge severity="info" small className="fr-mr-1w">
                      Remet des carnets
                    </Badge>
                  )}
                  {v.stale && (
                    <Badge severity="warning" small>
                      {`Informations à vérifier (mises à jour le ${new Date(`${v.updatedOn}T12:00:00Z`).toLocaleDateString('fr-FR')})`}
                    </Badge>
                  )}
                </li>
              ))}
            </ul>
          )}
          {data?.hasMore && (
            <Button priority="secondary" onClick={() => setPage(page + 1)} disabled={loading}>
              Afficher plus de résultats
            </Button>
          )}
        </section>
        <div className={fr.cx('fr-col-12', 'fr-col-lg-6')}>
          <VenueMap items={items} near={params.get('near') ?? undefined} />
        </div>
      </div>
      <p className="fr-mt-4w">
        Vous animez un lieu de médiation numérique ?{' '}
        <Link to="/lieux/candidature">Candidatez pour accepter les Pass numériques</Link>. Données ouvertes au standard
        national :{' '}
        <a href="/api/v1/public/venues.csv" download>
          CSV
        </a>
        ,{' '}
        <a href="/api/v1/public/venues.json" download>
          JSON
        </a>
        .
      </p>
    </>
  );
}
