export const CATEGORY_LABELS: Record<string, string> = {
  demandeur_emploi: "Demandeur d'emploi",
  rsa: 'Bénéficiaire du RSA',
  pic: "Éloigné de l'emploi (PIC)",
  primo_arrivant: 'Primo-arrivant',
  etudiant: 'Étudiant',
  salarie: 'Salarié',
  retraite: 'Retraité',
  autre: 'Autre',
};

export const euros = (cents: number) =>
  (cents / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 });

export const percent = (bp: number) => `${(bp / 100).toLocaleString('fr-FR')} %`;

/** A fraction as a French percentage ("45,2 %"); a dash when there is nothing to divide by. */
export const shareOf = (r: number | null, digits = 1) =>
  r === null ? '—' : r.toLocaleString('fr-FR', { style: 'percent', maximumFractionDigits: digits });

export const frenchDate = (iso: string | null) =>
  iso ? new Date(iso.length === 10 ? `${iso}T12:00:00` : iso).toLocaleDateString('fr-FR', { dateStyle: 'long' }) : '—';
