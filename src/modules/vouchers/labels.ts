import type { PublicCategory } from '../programmes/programmes.contract.js';

export const CATEGORY_LABELS_FR: Record<PublicCategory, string> = {
  demandeur_emploi: "demandeur d'emploi",
  rsa: 'bénéficiaire du RSA',
  pic: "éloigné de l'emploi (PIC)",
  primo_arrivant: 'primo-arrivant',
  etudiant: 'étudiant',
  salarie: 'salarié',
  retraite: 'retraité',
  autre: 'autre',
};
