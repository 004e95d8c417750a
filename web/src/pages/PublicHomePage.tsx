import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Tile } from '@codegouvfr/react-dsfr/Tile';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';

const TILES = [
  {
    title: 'Obtenir un carnet',
    desc: 'Auprès d’un prescripteur : Mission locale, France Travail, France Services, centre social…',
    to: '/lieux?kind=distributor',
  },
  {
    title: 'Utiliser ses pass',
    desc: 'Dans un lieu qualifié : ateliers, horaires et prochaines séances',
    to: '/lieux',
  },
  {
    title: 'Accueillir des bénéficiaires',
    desc: 'Votre lieu de médiation numérique peut candidater pour accepter les pass',
    to: '/lieux/candidature',
  },
];

/**
 * What an anonymous visitor sees first: what a Pass numérique is, where to get a carnet, where
 * to use it, and a field to check a pass by its code. Signing in is a link, not the page.
 */
export function PublicHomePage() {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  useEffect(() => {
    document.title = 'Le Pass numérique — Passnum';
  }, []);
  const check = (e: FormEvent) => {
    e.preventDefault();
    // The pass page reads the code and says, in French, when it holds a typo.
    const compact = code
      .trim()
      .toUpperCase()
      .replace(/^.*\/P\//, '')
      .replace(/[\s-]/g, '');
    if (compact) navigate(`/p/${encodeURIComponent(compact)}`);
  };
  return (
    <>
      <h1>Le Pass numérique</h1>
      <p className={fr.cx('fr-text--lead')}>
        Un carnet de Pass numériques paie des ateliers pour apprendre à se servir d’un ordinateur, d’un téléphone ou
        d’internet, dans un lieu de médiation numérique près de chez vous. Chaque pass vaut 10 € ; vous ne payez rien.
      </p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-4w')}>
        {TILES.map((t) => (
          <div key={t.to} className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Tile title={t.title} desc={t.desc} linkProps={{ to: t.to }} orientation="vertical" titleAs="h2" />
          </div>
        ))}
      </div>
      <h2>Vérifier un pass</h2>
      <form onSubmit={check} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Code du pass"
            hintText="13 caractères, par exemple 7KQ4-M9XZ-2HD8-T (ou scannez le QR code)"
            nativeInputProps={{ value: code, onChange: (e) => setCode(e.target.value), autoComplete: 'off' }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3', 'fr-mb-3w')}>
          <Button type="submit">Vérifier</Button>
        </div>
      </form>
      <p>
        Vous êtes prescripteur, lieu, opérateur ou financeur ? <Link to="/connexion">Se connecter</Link>
      </p>
    </>
  );
}
