import type { ORGANISATION_SECTORS } from '../accounts/accounts.contract.js';
import type { ProgrammeRole } from '../accounts/actor.js';

type OrganisationSector = (typeof ORGANISATION_SECTORS)[number];

import type { ProgrammeData } from '../programmes/programmes.contract.js';

/**
 * The demo: the two real programmes of the domain notes, their funders and operators, a few
 * distributors and venues, one account per role. Identifiers and passwords are fixed so that
 * `passnum demo-accounts` answers without opening the database. SIRETs are fictitious but
 * carry a valid key.
 */
export const DEMO_PROGRAMMES = {
  bfc: '00000000-0000-4000-8000-000000000b01',
  lozere: '00000000-0000-4000-8000-000000000d48',
} as const;

export interface DemoOrganisation {
  id: string;
  name: string;
  siret: string;
  kinds: ProgrammeRole[];
  sectors: OrganisationSector[];
}

const org = (
  n: number,
  name: string,
  siret: string,
  kinds: ProgrammeRole[],
  sectors: OrganisationSector[] = [],
): DemoOrganisation => ({
  id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
  name,
  siret,
  kinds,
  sectors,
});

export const DEMO_ORGANISATIONS = {
  platform: org(0, 'Équipe Passnum', '88451236700019', ['operator']),
  regionBfc: org(1, 'Région Bourgogne-Franche-Comté', '23210000100014', ['funder'], ['collectivite']),
  anct: org(2, 'État – Agence nationale de la cohésion des territoires', '13002603200016', ['funder'], ['etat']),
  mednumBfc: org(3, 'Mission régionale MedNum BFC', '31456789000012', ['operator'], ['reseau']),
  mlDijon: org(4, 'Mission locale de Dijon', '38012345600010', ['distributor', 'venue'], ['emploi']),
  ftBesancon: org(5, 'France Travail Besançon', '13000501000017', ['distributor'], ['emploi']),
  epnDijon: org(6, 'Espace public numérique de Dijon', '89012345600018', ['venue'], ['collectivite']),
  departementLozere: org(
    7,
    'Département de la Lozère',
    '22480000100014',
    ['funder', 'distributor'],
    ['collectivite', 'service_social'],
  ),
  lozereDev: org(8, 'Lozère Développement', '77123456700010', ['operator'], ['reseau']),
  ftMende: org(9, 'France Travail Mende', '13000501000025', ['referrer'], ['emploi']),
  fsMende: org(10, 'France Services de Mende', '13002622000017', ['venue'], ['etat']),
} as const;

/** Venues qualified for a programme in the demo. */
export const DEMO_QUALIFIED_VENUES: [keyof typeof DEMO_PROGRAMMES, DemoOrganisation][] = [
  ['bfc', DEMO_ORGANISATIONS.epnDijon],
  ['lozere', DEMO_ORGANISATIONS.fsMende],
];

type DemoRole = ProgrammeRole | 'admin';
export interface DemoAccount {
  id: string;
  email: string;
  password: string;
  displayName: string;
  role: DemoRole;
  organisation: DemoOrganisation;
  programme: keyof typeof DEMO_PROGRAMMES | null;
}

const account = (
  n: number,
  email: string,
  displayName: string,
  role: DemoRole,
  organisation: DemoOrganisation,
  programme: keyof typeof DEMO_PROGRAMMES | null,
): DemoAccount => ({
  id: `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`,
  email,
  // Demo passwords are public by design; demo data never reaches a production database.
  password: `Passnum-demo-${role}-${programme ?? 'plateforme'}`,
  displayName,
  role,
  organisation,
  programme,
});

const O = DEMO_ORGANISATIONS;
export const DEMO_ACCOUNTS: DemoAccount[] = [
  account(0, 'admin@passnum.demo', 'Alex Admin', 'admin', O.platform, null),
  account(1, 'operateur@mednum-bfc.demo', 'Odile Opératrice', 'operator', O.mednumBfc, 'bfc'),
  account(2, 'financeur@region-bfc.demo', 'Fabien Financeur', 'funder', O.regionBfc, 'bfc'),
  account(3, 'prescripteur@ml-dijon.demo', 'Paula Prescriptrice', 'distributor', O.mlDijon, 'bfc'),
  account(4, 'lieu@epn-dijon.demo', 'Léo Médiateur', 'venue', O.epnDijon, 'bfc'),
  account(5, 'operateur@lozere-developpement.demo', 'Octave Opérateur', 'operator', O.lozereDev, 'lozere'),
  account(6, 'financeur@lozere.demo', 'Françoise Financeuse', 'funder', O.departementLozere, 'lozere'),
  account(7, 'prescripteur@lozere.demo', 'Pierre Prescripteur', 'distributor', O.departementLozere, 'lozere'),
  account(8, 'orienteur@ft-mende.demo', 'Olga Orienteuse', 'referrer', O.ftMende, 'lozere'),
  account(9, 'lieu@fs-mende.demo', 'Lina Médiatrice', 'venue', O.fsMende, 'lozere'),
];

type DemoProgramme = ProgrammeData & { id: string; operatorOrganisationId: string };

// The real programmes ran in 2022-2023 (BFC) and over three years (Lozère); the demo replays
// them from 2026 so that passes can still be distributed and spent.
export const DEMO_PROGRAMME_DATA: DemoProgramme[] = [
  {
    id: DEMO_PROGRAMMES.bfc,
    code: 'BFC22',
    name: 'Pass Numérique Bourgogne-Franche-Comté',
    operatorOrganisationId: O.mednumBfc.id,
    territory: { regions: ['27'], departements: [], communes: [] },
    // 570,000 € of which 500,000 € of passes (50,000 × 10 €); the Région/State split is not
    // published, so the demo splits it equally, the State paying for used passes only.
    funders: [
      { organisationId: O.regionBfc.id, shareBp: 5000, basis: 'issued' },
      { organisationId: O.anct.id, shareBp: 5000, basis: 'used' },
    ],
    envelopeCents: 57_000_000,
    engineeringCents: 7_000_000,
    faceValueCents: 1000,
    passesPerCarnet: 5,
    validityMonths: 12,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    eligibility: [{ ageMin: 16, ageMax: 25, categories: ['demandeur_emploi'] }],
    maxCarnetsPerPerson: 1,
    prescriptionMode: 'open',
    personalDataRetentionMonths: 24,
    requiresTrainedAidant: false,
  },
  {
    id: DEMO_PROGRAMMES.lozere,
    code: 'LOZ',
    name: 'Pass numériques Lozère',
    operatorOrganisationId: O.lozereDev.id,
    territory: { regions: [], departements: ['48'], communes: [] },
    funders: [
      { organisationId: O.departementLozere.id, shareBp: 5000, basis: 'issued' },
      { organisationId: O.anct.id, shareBp: 5000, basis: 'used' },
    ],
    // 40,000 € over 3 years, 10 % for engineering: 36,000 € of passes = 3,600 passes of 10 €.
    envelopeCents: 4_000_000,
    engineeringCents: 400_000,
    faceValueCents: 1000,
    passesPerCarnet: 5,
    validityMonths: 12,
    startDate: '2026-01-01',
    endDate: '2028-12-31',
    eligibility: [{ categories: ['pic', 'rsa', 'primo_arrivant'] }, { ageMin: 60 }, { ageMin: 16, ageMax: 25 }],
    maxCarnetsPerPerson: 1,
    prescriptionMode: 'restricted',
    // Three years of programme, then the follow-up of the use of passes.
    personalDataRetentionMonths: 36,
    requiresTrainedAidant: false,
  },
];

/** What `passnum demo-accounts --json` prints. */
export function demoAccountsListing() {
  return DEMO_ACCOUNTS.map((a) => {
    const id = a.programme ? DEMO_PROGRAMMES[a.programme] : null;
    const programme = DEMO_PROGRAMME_DATA.find((p) => p.id === id);
    return {
      email: a.email,
      password: a.password,
      role: a.role,
      organisationId: a.organisation.id,
      organisation: a.organisation.name,
      programmeId: programme?.id ?? null,
      programme: programme?.name ?? null,
    };
  });
}
