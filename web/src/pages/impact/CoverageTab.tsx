import 'leaflet/dist/leaflet.css';
import { fr } from '@codegouvfr/react-dsfr';
import { Select } from '@codegouvfr/react-dsfr/Select';
import L from 'leaflet';
import { type Coverage, coverageApi } from '../../api/coverage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Table } from '../../components/Table';
import { useLeafletMap } from '../../components/useLeafletMap';
import { useUrlParams } from '../../components/useUrlParams';
import { shareOf } from '../../labels';
import { useLoad } from '../../useLoad';
import { textLabel } from '../venues/VenueMap';

const n = (v: number) => v.toLocaleString('fr-FR');
const kmText = (v: number | null) => (v === null ? 'aucun' : `${v.toLocaleString('fr-FR')} km`);
const THRESHOLDS = [10, 20, 30] as const;
/** Beyond this many rows the table sends to the CSV: a page of 3,700 rows helps nobody. */
const SHOWN = 200;

/** Green near a venue, red far from any: the colour says the distance band. */
function colourOf(km: number | null): string {
  if (km === null || km > 30) return '#ce0500';
  if (km > 20) return '#e4794a';
  if (km > 10) return '#c3992a';
  return '#18753c';
}

/**
 * Every commune of the territory at its centre, coloured by its distance to the nearest qualified
 * venue; those beyond the chosen distance are drawn larger. The table below lists the same
 * communes: the map is hidden from assistive technologies.
 */
function CoverageMap({ communes, threshold }: { communes: Coverage['communes']; threshold: number }) {
  const { element, settings } = useLeafletMap(
    (m, group) => {
      for (const c of communes) {
        const far = c.venueKm === null || c.venueKm > threshold;
        L.circleMarker([c.latitude, c.longitude], {
          radius: far ? 6 : 3,
          color: colourOf(c.venueKm),
          weight: 1,
          fillOpacity: far ? 0.8 : 0.4,
          className: far ? 'commune-eloignee' : 'commune-proche',
        })
          .bindTooltip(textLabel(`${c.name} : lieu qualifié le plus proche à ${kmText(c.venueKm)}`))
          .addTo(group);
      }
      if (communes.length > 0)
        m.fitBounds(L.latLngBounds(communes.map((c) => [c.latitude, c.longitude] as L.LatLngTuple)), {
          padding: [16, 16],
        });
    },
    [communes, threshold],
  );
  if (!settings?.tileUrl) return null;
  return (
    <figure className="fr-m-0 fr-mb-3w">
      <div ref={element} aria-hidden="true" data-testid="carte-couverture" style={{ height: '28rem', width: '100%' }} />
      <figcaption className="fr-text--xs fr-mt-1v">
        Un point par commune : vert à 10 km ou moins d'un lieu qualifié, jaune jusqu'à 20 km, orange jusqu'à 30 km,
        rouge au-delà ; les communes au-delà de {threshold} km sont agrandies. Fond de carte {settings.tileAttribution}
      </figcaption>
    </figure>
  );
}

/** The coverage diagnostic: where the offer is missing, for the hub, its operators and funders. */
export function CoverageTab({ programmeId }: { programmeId: string }) {
  const { get, set } = useUrlParams();
  const threshold = Number(get('au-dela') || 20);
  const { data: c, error, loading } = useLoad(() => coverageApi.get(programmeId), [programmeId]);
  if (loading && !c) return <Loading />;
  if (error !== null || !c) return <ErrorAlert error={error} title="Diagnostic indisponible" />;
  const far = c.communes.filter((m) => m.venueKm === null || m.venueKm > threshold);
  const farPopulation = far.reduce((s, m) => s + m.population, 0);
  return (
    <section className={fr.cx('fr-mt-4w')}>
      <h2>Couverture du territoire</h2>
      <p>
        {n(c.communes.length)} communes, {n(c.population)} habitants ; {n(c.venues)} lieu(x) qualifié(s) et{' '}
        {n(c.distributors)} lieu(x) de prescripteurs situés. Distances à vol d'oiseau depuis le centre de chaque commune
        (INSEE 2024).
      </p>
      <p>
        <a href={coverageApi.csvUrl(programmeId)} download>
          Télécharger toutes les communes (CSV)
        </a>
        {' · '}
        <a href={coverageApi.xlsxUrl(programmeId)} download>
          Télécharger le diagnostic (XLSX)
        </a>
      </p>
      <Table
        caption="Habitants à distance d'un lieu qualifié"
        headers={['Distance', 'Communes', 'Habitants', 'Part des habitants', 'Chômeurs de 15 à 64 ans']}
        data={c.bands.map((b) => [
          `${b.km} km ou moins`,
          n(b.communes),
          n(b.population),
          shareOf(b.share),
          n(b.unemployed),
        ])}
      />
      <Select
        label="Montrer les communes éloignées de plus de"
        nativeSelectProps={{
          value: String(threshold),
          onChange: (e) => set('au-dela', e.target.value),
        }}
      >
        {THRESHOLDS.map((km) => (
          <option key={km} value={km}>
            {km} km d'un lieu qualifié
          </option>
        ))}
      </Select>
      <CoverageMap communes={c.communes} threshold={threshold} />
      <Table
        caption={`${n(far.length)} commune(s) à plus de ${threshold} km d'un lieu qualifié (${n(farPopulation)} habitants), les plus éloignées pondérées par la population d'abord`}
        headers={[
          'Commune',
          'Habitants',
          'Chômeurs de 15 à 64 ans',
          'Lieu qualifié le plus proche',
          'Prescripteur le plus proche',
          'Pass remis pour 1 000 hab.',
        ]}
        data={far
          .slice(0, SHOWN)
          .map((m) => [
            `${m.name} (${m.code})`,
            n(m.population),
            n(m.unemployed),
            kmText(m.venueKm),
            kmText(m.distributorKm),
            m.distributedPerThousand === null
              ? '—'
              : m.distributedPerThousand.toLocaleString('fr-FR', { maximumFractionDigits: 1 }),
          ])}
      />
      {far.length > SHOWN && (
        <p className={fr.cx('fr-text--sm')}>Les {n(SHOWN)} premières sont montrées ; toutes sont dans le CSV.</p>
      )}
    </section>
  );
}
