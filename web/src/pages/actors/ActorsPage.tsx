import 'leaflet/dist/leaflet.css';
import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import L from 'leaflet';
import { useEffect, useState } from 'react';
import { ORGANISATION_SECTORS, SECTOR_LABELS } from '../../../../src/modules/accounts/accounts.contract';
import { HELPER_ROLE_LABELS, HELPER_ROLES } from '../../../../src/modules/actors/actors.contract';
import { type Actors, type ActorsQuery, actorsApi } from '../../api/actors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Table } from '../../components/Table';
import { useLeafletMap } from '../../components/useLeafletMap';
import { useUrlParams } from '../../components/useUrlParams';
import { ROLE_LABELS } from '../../roles';
import { useLoad } from '../../useLoad';
import { textLabel } from '../venues/VenueMap';
import { HelperProfileForm } from './HelperProfileForm';

const ORG_KINDS = ['operator', 'funder', 'distributor', 'referrer', 'venue'] as const;

/** The organisations' places: a map layer repeating the table, hidden from assistive technologies. */
function ActorsMap({ organisations }: { organisations: Actors['organisations'] }) {
  const places = organisations.flatMap((o) => o.places.map((p) => ({ ...p, organisation: o.name })));
  const { element, settings } = useLeafletMap(
    (m, group) => {
      for (const p of places) {
        L.circleMarker([p.latitude, p.longitude], { radius: 6, color: '#000091', weight: 1, fillOpacity: 0.5 })
          .bindTooltip(textLabel(`${p.organisation} — ${p.name}, ${p.communeName}`))
          .addTo(group);
      }
      if (places.length > 0)
        m.fitBounds(L.latLngBounds(places.map((p) => [p.latitude, p.longitude] as L.LatLngTuple)), {
          padding: [24, 24],
          maxZoom: 12,
        });
    },
    [places.length, organisations],
  );
  if (!settings?.tileUrl || places.length === 0) return null;
  return (
    <figure className="fr-m-0 fr-mb-3w">
      <div ref={element} aria-hidden="true" data-testid="carte-acteurs" style={{ height: '22rem', width: '100%' }} />
      <figcaption className="fr-text--xs fr-mt-1v">
        Les lieux des structures de la liste. Fond de carte {settings.tileAttribution}
      </figcaption>
    </figure>
  );
}

/**
 * "Acteurs": who does what in the territory — organisations with their roles, places and
 * services, and the people who help, with their contact — for its signed-in actors only.
 */
export function ActorsPage() {
  const { get, set } = useUrlParams();
  const q = get('q');
  const kind = get('type');
  const sector = get('nature');
  const [text, setText] = useState(q);
  // The select offers the contract's kinds only.
  const query = {
    q: q || undefined,
    kind: (kind || undefined) as ActorsQuery['kind'],
    sector: (sector || undefined) as ActorsQuery['sector'],
  };
  const { data, error, loading, reload } = useLoad(() => actorsApi.list(query), [q, kind, sector]);
  useEffect(() => {
    document.title = 'Annuaire des acteurs — Passnum';
  }, []);
  return (
    <>
      <h1>Annuaire des acteurs</h1>
      <p className={fr.cx('fr-text--lead')}>
        Les structures de votre territoire et les personnes qui accompagnent : ce qu'elles font, où et pour qui.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          set('q', text.trim());
        }}
        className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}
      >
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Nom, structure, commune ou activité"
            nativeInputProps={{ type: 'search', value: text, onChange: (e) => setText(e.target.value) }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
          <Select label="Nature" nativeSelectProps={{ value: sector, onChange: (e) => set('nature', e.target.value) }}>
            <option value="">Toutes</option>
            {ORGANISATION_SECTORS.map((k) => (
              <option key={k} value={k}>
                {SECTOR_LABELS[k]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3')}>
          <Select
            label="Type d'acteur"
            nativeSelectProps={{ value: kind, onChange: (e) => set('type', e.target.value) }}
          >
            <option value="">Tous</option>
            {ORG_KINDS.map((k) => (
              <option key={k} value={k}>
                {`Structure : ${ROLE_LABELS[k].toLowerCase()}`}
              </option>
            ))}
            {HELPER_ROLES.map((r) => (
              <option key={r} value={r}>
                {`Personne : ${HELPER_ROLE_LABELS[r].toLowerCase()}`}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-2')}>
          <Button type="submit">Rechercher</Button>
        </div>
      </form>
      <p>
        <a href={actorsApi.csvUrl(query)} download>
          Télécharger l'annuaire (CSV)
        </a>
      </p>
      {loading && !data && <Loading />}
      {error !== null && <ErrorAlert error={error} title="Annuaire indisponible" />}
      {data && (
        <>
          <ActorsMap organisations={data.organisations} />
          {data.organisations.length > 0 && (
            <Table
              caption={`${data.organisations.length} structure(s)`}
              headers={['Structure', 'Nature', 'Rôles', 'Services', 'Publics', 'Lieux']}
              data={data.organisations.map((o) => [
                o.name,
                o.sectors.map((x) => SECTOR_LABELS[x]).join(', ') || '—',
                [...new Set(o.programmes.map((p) => `${ROLE_LABELS[p.role]} (${p.name})`))].join(', ') || '—',
                o.services.join(', ') || '—',
                o.publics.join(', ') || '—',
                o.places.map((p) => `${p.name}, ${p.communeName}`).join(' ; ') || '—',
              ])}
            />
          )}
          {data.people.length > 0 && (
            <Table
              caption={`${data.people.length} personne(s) qui accompagnent`}
              headers={['Personne', 'Fonction', 'Structure', 'Activités', 'Communes', 'Contact']}
              data={data.people.map((p) => [
                p.name,
                HELPER_ROLE_LABELS[p.role],
                p.organisationName,
                p.activities.join(', ') || '—',
                p.communes.join(', ') || '—',
                [p.email, p.phone].filter(Boolean).join(' — '),
              ])}
            />
          )}
          {data.organisations.length === 0 && data.people.length === 0 && <p>Aucun acteur ne correspond.</p>}
        </>
      )}
      <HelperProfileForm onSaved={reload} />
    </>
  );
}
