import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useLeafletMap } from '../../components/useLeafletMap';
import type { DirectoryEntry } from '../../types';

/**
 * A tooltip's content as a text node: a name typed by a venue is data, never markup (Leaflet
 * inserts a string tooltip as HTML).
 */
export function textLabel(text: string): HTMLElement {
  const label = document.createElement('span');
  label.textContent = text;
  return label;
}

/**
 * The map beside the list. It only repeats the list, which stays complete and keyboard-usable
 * on its own: the map is hidden from assistive technologies, and it shows nothing when tiles
 * are not configured. Circle markers need no image files.
 */
export function VenueMap({
  items,
  near,
  height = '32rem',
}: {
  items: DirectoryEntry[];
  near?: string;
  /** A venue's own page shows a small map; the directory a large one. */
  height?: string;
}) {
  const { element, settings } = useLeafletMap(
    (m, group) => {
      const points: L.LatLngExpression[] = [];
      for (const v of items) {
        points.push([v.latitude, v.longitude]);
        L.circleMarker([v.latitude, v.longitude], { radius: 8, color: '#000091', fillOpacity: 0.8 })
          .bindTooltip(textLabel(v.name))
          .addTo(group);
      }
      const [lat, lon] = (near ?? '').split(',').map(Number);
      if (near && lat !== undefined && lon !== undefined) points.push([lat, lon]);
      if (points.length > 0) m.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 13 });
    },
    [items, near],
  );

  if (!settings?.tileUrl) return null;
  return (
    <figure className="fr-m-0">
      <div ref={element} aria-hidden="true" data-testid="carte" style={{ height, width: '100%' }} />
      <figcaption className="fr-text--xs fr-mt-1v">Fond de carte {settings.tileAttribution}</figcaption>
    </figure>
  );
}
