import { fr } from '@codegouvfr/react-dsfr';
import { Tile } from '@codegouvfr/react-dsfr/Tile';
import { useEffect } from 'react';
import { destinationsOf, HOMES, primaryRole, ROLE_LABELS } from '../roles';
import { useSession } from '../session';

export function HomePage() {
  const { me } = useSession();
  useEffect(() => {
    document.title = 'Accueil — Passnum';
  }, []);
  if (!me) return null;
  const role = primaryRole(me);
  const home = HOMES[role];
  const tiles = [
    ...destinationsOf(me).flatMap((d) => (d.tile ? [{ ...d.tile, to: d.path }] : [])),
    { title: 'Annuaire des lieux', desc: 'Les lieux qualifiés et les prescripteurs, sur la carte', to: '/lieux' },
  ];
  return (
    <>
      <h1>{home.title}</h1>
      <p className={fr.cx('fr-text--lead')}>
        Bonjour {me.displayName}, {me.organisationName} ({ROLE_LABELS[role].toLowerCase()}).
      </p>
      <p>{home.intro}</p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        {tiles.map((t) => (
          <div key={t.to} className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Tile title={t.title} desc={t.desc} linkProps={{ to: t.to }} orientation="vertical" titleAs="h2" />
          </div>
        ))}
      </div>
    </>
  );
}
