import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { venuesApi } from '../../api/venues';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../useLoad';
import { dateTimeLabel } from './venueLabels';

/**
 * On the beneficiary's page: venues that accept the pass's programme with their next workshop
 * session; nearest first once the person shares a position (never sent anywhere but the search).
 */
export function NearbyVenues({ programmeId }: { programmeId: string }) {
  const [near, setNear] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { data, error } = useLoad(async () => {
    const page = await venuesApi.directory({ programmeId, pageSize: 5, ...(near ? { near, radiusKm: 100 } : {}) });
    return Promise.all(page.items.map((v) => venuesApi.publicVenue(v.id)));
  }, [programmeId, near]);
  const locate = () => {
    setStatus('Localisation en cours…');
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        setStatus(null);
        setNear(`${p.coords.latitude.toFixed(4)},${p.coords.longitude.toFixed(4)}`);
      },
      () => setStatus("Votre position n'a pas pu être obtenue."),
    );
  };
  const directory = `/lieux?programmeId=${programmeId}${near ? `&near=${near}` : ''}`;
  return (
    <section className="fr-mt-4w">
      <h2 className="fr-h4">{near ? 'Lieux près de chez vous' : 'Où utiliser vos pass'}</h2>
      {!near && (
        <Button priority="secondary" iconId="fr-icon-map-pin-2-line" onClick={locate} className="fr-mb-2w">
          Voir les lieux les plus proches
        </Button>
      )}
      {status && <p role="status">{status}</p>}
      {error !== null && <ErrorAlert error={error} title="Lieux indisponibles" />}
      {data && data.length === 0 && <p>Aucun lieu trouvé pour l'instant.</p>}
      <ul>
        {data?.map((v) => {
          const next = v.workshops
            .flatMap((w) => w.sessions.map((s) => ({ ...s, title: w.title })))
            .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
          return (
            <li key={v.id} className="fr-mb-1w">
              <Link to={`/lieux/${v.id}`}>{v.name}</Link>, {v.communeName}
              {v.distanceKm !== null && ` (${v.distanceKm.toLocaleString('fr-FR')} km)`}
              {v.workshops.length > 0 && ` — ${v.workshops.length} atelier${v.workshops.length > 1 ? 's' : ''}`}
              {next && `, prochain : « ${next.title} » le ${dateTimeLabel(next.startsAt)}`}
            </li>
          );
        })}
      </ul>
      <p>
        <Link to={directory}>Voir tous les lieux et la carte</Link>
      </p>
    </section>
  );
}
