import { fr } from '@codegouvfr/react-dsfr';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router-dom';
import { venuesApi } from '../../api/venues';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../useLoad';
import { VenueMap } from './VenueMap';
import { dateTimeLabel, durationLabel, FORMAT_LABELS, LEVEL_LABELS } from './venueLabels';

/** A venue's public page: how to reach it, when it is open, and its workshops. */
export function VenuePublicPage() {
  const { id = '' } = useParams();
  const { data: v, error, loading } = useLoad(() => venuesApi.publicVenue(id), [id]);
  useEffect(() => {
    document.title = `${v?.name ?? 'Lieu'} — Passnum`;
  }, [v]);
  if (loading) return <Loading />;
  if (error !== null || !v) return <ErrorAlert error={error} title="Lieu introuvable" />;
  const list = (title: string, values: string[]) =>
    values.length > 0 && (
      <p>
        <strong>{title} :</strong> {values.join(', ')}
      </p>
    );
  return (
    <>
      <p>
        <Link to="/lieux">← Tous les lieux</Link>
      </p>
      <h1>{v.name}</h1>
      <p className={fr.cx('fr-text--lead')}>
        {v.address}
        {v.addressComplement ? `, ${v.addressComplement}` : ''}, {v.postcode} {v.communeName}
        {v.itinerant && ' — itinérant'}
      </p>
      {v.programmes.map((p) => (
        <Badge key={p.id} severity="success" className="fr-mr-1w">
          {`Accepte ${p.name}`}
        </Badge>
      ))}
      {v.distributes && <Badge severity="info">Remet des carnets</Badge>}
      {v.summary && <p className="fr-mt-2w">{v.summary}</p>}
      {v.description && <p>{v.description}</p>}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mt-2w')}>
        <section className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <h2 className="fr-h4">Horaires</h2>
          {v.openNow !== null && (
            <p>
              <Badge severity={v.openNow ? 'success' : 'warning'}>
                {v.openNow ? 'Ouvert maintenant' : 'Fermé maintenant'}
              </Badge>
            </p>
          )}
          {v.hoursInFrench.length > 0 ? (
            <ul>
              {v.hoursInFrench.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p>Horaires non renseignés : contactez le lieu.</p>
          )}
        </section>
        <section className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <h2 className="fr-h4">Contact et accès</h2>
          <ul>
            {v.phone && (
              <li>
                Téléphone :{' '}
                <a href={`tel:${v.phone}`}>{v.phone.replace(/^\+33/, '0').replace(/(\d{2})(?=\d)/g, '$1 ')}</a>
              </li>
            )}
            {v.email && (
              <li>
                Courriel : <a href={`mailto:${v.email}`}>{v.email}</a>
              </li>
            )}
            {v.website && (
              <li>
                Site : <a href={v.website}>{v.website}</a>
              </li>
            )}
          </ul>
          <VenueMap items={[v]} height="14rem" />
          {list('Services', v.services)}
          {list('Publics', v.publics)}
          {list('Accompagnement spécifique', v.specificSupport)}
          {list("Modalités d'accès", v.accessModes)}
          {list("Modalités d'accompagnement", v.supportModes)}
        </section>
      </div>
      <h2 className="fr-h4 fr-mt-4w">Ateliers</h2>
      {v.workshops.length === 0 ? (
        <p>Ce lieu n'a pas encore publié d'atelier.</p>
      ) : (
        <ul className="fr-raw-list">
          {v.workshops.map((w) => (
            <li key={w.id} className="fr-mb-3w">
              <h3 className="fr-h6 fr-mb-1v">{w.title}</h3>
              <p className="fr-mb-1v">
                {w.service} — {LEVEL_LABELS[w.level]}, {FORMAT_LABELS[w.format]}, {durationLabel(w.durationMinutes)},{' '}
                {w.pricePasses} pass
              </p>
              {w.description && <p className="fr-mb-1v">{w.description}</p>}
              {w.sessions.length > 0 ? (
                <ul>
                  {w.sessions.slice(0, 5).map((s) => (
                    <li key={s.id}>
                      {dateTimeLabel(s.startsAt)} — {s.capacity} places
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="fr-text--sm">Sur rendez-vous : contactez le lieu.</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
