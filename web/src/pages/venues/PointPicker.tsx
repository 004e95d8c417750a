import 'leaflet/dist/leaflet.css';
import { Button } from '@codegouvfr/react-dsfr/Button';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { venuesApi } from '../../api/venues';
import { useLoad } from '../../useLoad';

/**
 * "Place it on the map": a click on the map fills the coordinates. The fields stay the way to
 * enter them without a pointer (or when tiles cannot load), so the map is hidden from assistive
 * technologies.
 */
export function PointPicker({ onPick }: { onPick: (lat: number, lon: number) => void }) {
  const { data: settings } = useLoad(() => venuesApi.settings(), []);
  const [open, setOpen] = useState(false);
  const element = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!open || !settings?.tileUrl || !element.current) return;
    const map = L.map(element.current, { keyboard: false, zoomControl: false, attributionControl: false }).setView(
      [46.6, 2.5],
      5,
    );
    L.tileLayer(settings.tileUrl, { maxZoom: 19 }).addTo(map);
    const marker = L.circleMarker([0, 0], { radius: 8, color: '#000091' });
    map.on('click', (e: L.LeafletMouseEvent) => {
      marker.setLatLng(e.latlng).addTo(map);
      pick.current(e.latlng.lat, e.latlng.lng);
    });
    return () => {
      map.remove();
    };
  }, [open, settings]);
  if (!settings?.tileUrl) return null;
  return (
    <div className="fr-mb-3w">
      <Button type="button" priority="tertiary" iconId="fr-icon-map-pin-2-line" onClick={() => setOpen(!open)}>
        {open ? 'Masquer la carte' : 'Placer le lieu sur la carte'}
      </Button>
      {open && <div ref={element} aria-hidden="true" style={{ height: '24rem', marginTop: '1rem' }} />}
    </div>
  );
}
