import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { venuesApi } from '../../api/venues';
import type { DirectoryEntry } from '../../types';
import { useLoad } from '../../useLoad';

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
  const { data: settings } = useLoad(() => venuesApi.settings(), []);
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);

  useEffect(() => {
    if (!settings?.tileUrl || !element.current || map.current) return;
    // No focusable control inside a region hidden from assistive technologies: zoom by wheel or
    // pinch, attribution printed under the map.
    map.current = L.map(element.current, { keyboard: false, zoomControl: false, attributionControl: false }).setView(
      [46.6, 2.5],
      5,
    );
    L.tileLayer(settings.tileUrl, { maxZoom: 18 }).addTo(map.current);
    layer.current = L.layerGroup().addTo(map.current);
    return () => {
      map.current?.remove();
      map.current = null;
    };
  }, [settings]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map exists once the settings are loaded; markers follow.
  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
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
  }, [items, near, settings]);

  if (!settings?.tileUrl) return null;
  return (
    <figure className="fr-m-0">
      <div ref={element} aria-hidden="true" data-testid="carte" style={{ height, width: '100%' }} />
      <figcaption className="fr-text--xs fr-mt-1v">Fond de carte {settings.tileAttribution}</figcaption>
    </figure>
  );
}
