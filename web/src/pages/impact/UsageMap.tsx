import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import type { Dashboard } from '../../api/impact';
import { useLeafletMap } from '../../components/useLeafletMap';
import { textLabel } from '../venues/VenueMap';

/**
 * Where carnets were handed out and used: one circle per commune, its area proportional to the
 * passes handed out, darker as more of them were used. It repeats the table by commune, which
 * stays complete on its own: the map is hidden from assistive technologies.
 */
export function UsageMap({ points }: { points: Dashboard['communePoints'] }) {
  const { element, settings } = useLeafletMap(
    (m, group) => {
      const largest = Math.max(1, ...points.map((p) => p.distributed));
      for (const p of points) {
        const rate = p.distributed ? p.used / p.distributed : 0;
        L.circleMarker([p.latitude, p.longitude], {
          radius: 4 + 20 * Math.sqrt(p.distributed / largest),
          color: '#000091',
          weight: 1,
          fillColor: '#000091',
          fillOpacity: 0.15 + 0.7 * rate,
        })
          .bindTooltip(textLabel(`${p.name} : ${p.distributed} pass remis, ${p.used} utilisés`))
          .addTo(group);
      }
      if (points.length > 0)
        m.fitBounds(L.latLngBounds(points.map((p) => [p.latitude, p.longitude] as L.LatLngTuple)), {
          padding: [24, 24],
          maxZoom: 11,
        });
    },
    [points],
  );

  if (!settings?.tileUrl || points.length === 0) return null;
  return (
    <figure className="fr-m-0 fr-mb-3w">
      <div ref={element} aria-hidden="true" data-testid="carte-usage" style={{ height: '24rem', width: '100%' }} />
      <figcaption className="fr-text--xs fr-mt-1v">
        Un cercle par commune de résidence : sa taille suit les pass remis, sa couleur la part utilisée. Fond de carte{' '}
        {settings.tileAttribution}
      </figcaption>
    </figure>
  );
}
