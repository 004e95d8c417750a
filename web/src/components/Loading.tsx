import { fr } from '@codegouvfr/react-dsfr';

export function Loading({ label = 'Chargement…' }: { label?: string }) {
  return (
    <p role="status" className={fr.cx('fr-text--lead')}>
      {label}
    </p>
  );
}
