import type { DashboardTable } from '../impact/impact.tables.js';
import type { Coverage } from './coverage.contract.js';

/** The diagnostic's tables, declared once for the page, the CSV and the XLSX. */
export function coverageTables(c: Coverage): DashboardTable[] {
  return [
    {
      key: 'distances',
      caption: 'Population à distance d’un lieu qualifié',
      columns: [
        { title: 'Distance', kind: 'text' },
        { title: 'Communes', kind: 'count' },
        { title: 'Habitants', kind: 'count' },
        { title: 'Part des habitants', kind: 'rate' },
        { title: 'Chômeurs de 15 à 64 ans', kind: 'count' },
      ],
      rows: c.bands.map((b) => [`${b.km} km ou moins`, b.communes, b.population, b.share, b.unemployed]),
    },
    {
      key: 'communes',
      caption: 'Communes, des plus éloignées de l’offre (pondéré par la population) aux plus proches',
      columns: [
        { title: 'Code INSEE', kind: 'text' },
        { title: 'Commune', kind: 'text' },
        { title: 'Département', kind: 'text' },
        { title: 'Habitants', kind: 'count' },
        { title: 'Chômeurs de 15 à 64 ans', kind: 'count' },
        { title: 'Lieu qualifié le plus proche (km)', kind: 'decimal' },
        { title: 'Prescripteur le plus proche (km)', kind: 'decimal' },
        { title: 'Pass remis pour 1 000 habitants', kind: 'decimal' },
        { title: 'Pass utilisés pour 1 000 habitants', kind: 'decimal' },
      ],
      rows: c.communes.map((m) => [
        m.code,
        m.name,
        m.departement,
        m.population,
        m.unemployed,
        m.venueKm,
        m.distributorKm,
        m.distributedPerThousand === null ? null : Math.round(m.distributedPerThousand * 10) / 10,
        m.usedPerThousand === null ? null : Math.round(m.usedPerThousand * 10) / 10,
      ]),
    },
  ];
}
