import { fr } from '@codegouvfr/react-dsfr';
import { Tile } from '@codegouvfr/react-dsfr/Tile';
import { useEffect } from 'react';
import { primaryRole, ROLE_LABELS } from '../labels';
import { useSession } from '../session';
import type { Role } from '../types';

const HOMES: Record<Role, { title: string; intro: string }> = {
  admin: {
    title: 'Administration de la plateforme',
    intro: 'Vous gérez les programmes, les organisations et les comptes de toute la plateforme.',
  },
  operator: {
    title: 'Espace opérateur',
    intro: 'Vous pilotez vos programmes : paramètres, stock de carnets, lieux qualifiés, paiements et suivi.',
  },
  funder: {
    title: 'Espace commanditaire',
    intro: 'Vous suivez les programmes que vous financez : budget, usage des pass et impact.',
  },
  distributor: {
    title: 'Espace prescripteur',
    intro: 'Vous remettez des carnets de Pass numériques aux personnes éligibles.',
  },
  referrer: {
    title: 'Espace orienteur',
    intro: 'Vous orientez les personnes vers un prescripteur du programme.',
  },
  venue: {
    title: 'Espace lieu de médiation numérique',
    intro: 'Vous accueillez les bénéficiaires, validez leurs pass et êtes remboursé de leur valeur.',
  },
};

export function HomePage() {
  const { me } = useSession();
  useEffect(() => {
    document.title = 'Accueil — Passnum';
  }, []);
  if (!me) return null;
  const role = primaryRole(me);
  const home = HOMES[role];
  const manages = role === 'admin' || role === 'operator';
  const tiles: { title: string; desc: string; to: string }[] = [
    {
      title: 'Programmes',
      desc: manages ? 'Paramètres, financeurs et éligibilité' : 'Les programmes auxquels vous participez',
      to: '/programmes',
    },
    ...(role === 'distributor'
      ? [{ title: 'Remettre un carnet', desc: 'À une personne éligible, depuis votre stock', to: '/remise' }]
      : []),
    ...(role === 'venue'
      ? [
          {
            title: 'Valider des pass',
            desc: 'Pour un atelier, en saisissant ou scannant les codes',
            to: '/validation',
          },
          { title: 'Mon lieu et mes ateliers', desc: 'Qualification, ateliers et séances publiés', to: '/mon-lieu' },
        ]
      : []),
    ...(manages ? [{ title: "Journal d'audit", desc: 'Qui a fait quoi, et quand', to: '/journal' }] : []),
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
