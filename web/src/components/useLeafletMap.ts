import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { venuesApi } from '../api/venues';
import { useLoad } from '../useLoad';

/**
 * A Leaflet map on the instance's tiles, and a layer to draw on: `draw` runs whenever the map is
 * ready or `deps` change. No focusable control inside a region hidden from assistive
 * technologies (every map here repeats a list or a table): zoom by wheel or pinch, the
 * attribution printed under the map. Null settings: no tiles configured, no map.
 */
export function useLeafletMap(draw: (map: L.Map, layer: L.LayerGroup) => void, deps: unknown[]) {
  const { data: settings } = useLoad(() => venuesApi.settings(), []);
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const drawer = useRef(draw);
  drawer.current = draw;

  useEffect(() => {
    if (!settings?.tileUrl || !element.current || map.current) return;
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

  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the deps' content is the trigger; the drawer is read from its ref.
  useEffect(() => {
    if (!map.current || !layer.current) return;
    layer.current.clearLayers();
    drawer.current(map.current, layer.current);
  }, [key, settings]);

  return { element, settings };
}
