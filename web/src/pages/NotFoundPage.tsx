import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect } from 'react';

export function NotFoundPage() {
  useEffect(() => {
    document.title = 'Page introuvable — Passnum';
  }, []);
  return (
    <>
      <h1>Page introuvable</h1>
      <p>La page que vous cherchez n'existe pas ou a été déplacée.</p>
      <Button linkProps={{ to: '/' }}>Retour à l'accueil</Button>
    </>
  );
}
