import type { Me, Role } from './types';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur de la plateforme',
  operator: 'Opérateur',
  funder: 'Commanditaire',
  distributor: 'Prescripteur',
  referrer: 'Orienteur',
  venue: 'Lieu de médiation numérique',
};

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

const ROLE_ORDER: Role[] = ['operator', 'funder', 'distributor', 'referrer', 'venue'];

/** The role whose home page a user lands on: admin first, then the order of the chain. */
export function primaryRole(me: Me): Role {
  if (me.isAdmin) return 'admin';
  return ROLE_ORDER.find((r) => me.roles.some((x) => x.role === r)) ?? 'venue';
}

export const euros = (cents: number) =>
  (cents / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 });

export const percent = (bp: number) => `${(bp / 100).toLocaleString('fr-FR')} %`;

export const frenchDate = (iso: string | null) =>
  iso ? new Date(iso.length === 10 ? `${iso}T12:00:00` : iso).toLocaleDateString('fr-FR', { dateStyle: 'long' }) : '—';
