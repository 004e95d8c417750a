import type { PublicCategory } from '../../../src/modules/programmes/programmes.contract';
import type { Programme } from '../types';

/** The edit form's state: what people type, as strings; converted to the API's shape on save. */
export interface ProgrammeForm {
  code: string;
  name: string;
  regions: string;
  departements: string;
  communes: string;
  envelope: string;
  engineering: string;
  faceValue: string;
  passesPerCarnet: string;
  validityMonths: string;
  startDate: string;
  endDate: string;
  maxCarnetsPerPerson: string;
  personalDataRetentionMonths: string;
  prescriptionMode: 'open' | 'restricted';
  requiresTrainedAidant: boolean;
  /** Chosen by an admin on creation; empty: the creator's own organisation. */
  operatorOrganisationId: string;
  funders: { organisationId: string; share: string; basis: 'issued' | 'used' }[];
  eligibility: { ageMin: string; ageMax: string; categories: string[] }[];
}

const centsToEuros = (c: number) => (c / 100).toLocaleString('fr-FR', { useGrouping: false, maximumFractionDigits: 2 });
/** A typed list of codes: "27, 48" → ["27", "48"]. */
export const list = (s: string) => s.split(/[\s,;]+/).filter(Boolean);
const optionalInt = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** "570 000,50" → 57000050; NaN when it is not an amount, so the API names the field. */
export function eurosToCents(s: string): number {
  const n = Number(s.replace(/[\s\u202f€]/g, '').replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) : Number.NaN;
}

export const emptyForm = (): ProgrammeForm => ({
  code: '',
  name: '',
  regions: '',
  departements: '',
  communes: '',
  envelope: '',
  engineering: '0',
  faceValue: '10',
  passesPerCarnet: '5',
  validityMonths: '12',
  startDate: new Date().toISOString().slice(0, 10),
  endDate: '',
  maxCarnetsPerPerson: '1',
  personalDataRetentionMonths: '24',
  prescriptionMode: 'open',
  requiresTrainedAidant: false,
  operatorOrganisationId: '',
  funders: [{ organisationId: '', share: '100', basis: 'issued' }],
  eligibility: [{ ageMin: '', ageMax: '', categories: [] }],
});

export function formOf(p: Programme): ProgrammeForm {
  return {
    code: p.code,
    name: p.name,
    regions: p.territory.regions.join(', '),
    departements: p.territory.departements.join(', '),
    communes: p.territory.communes.join(', '),
    envelope: centsToEuros(p.envelopeCents),
    engineering: centsToEuros(p.engineeringCents),
    faceValue: centsToEuros(p.faceValueCents),
    passesPerCarnet: String(p.passesPerCarnet),
    validityMonths: p.validityMonths ? String(p.validityMonths) : '',
    startDate: p.startDate,
    endDate: p.endDate ?? '',
    maxCarnetsPerPerson: String(p.maxCarnetsPerPerson),
    personalDataRetentionMonths: String(p.personalDataRetentionMonths),
    prescriptionMode: p.prescriptionMode,
    requiresTrainedAidant: p.requiresTrainedAidant,
    operatorOrganisationId: p.operatorOrganisationId,
    funders: p.funders.map((f) => ({
      organisationId: f.organisationId,
      share: String(f.shareBp / 100).replace('.', ','),
      basis: f.basis,
    })),
    eligibility: p.eligibility.map((r) => ({
      ageMin: r.ageMin?.toString() ?? '',
      ageMax: r.ageMax?.toString() ?? '',
      categories: r.categories ?? [],
    })),
  };
}

export function payloadOf(f: ProgrammeForm) {
  return {
    code: f.code.trim().toUpperCase(),
    name: f.name,
    territory: { regions: list(f.regions), departements: list(f.departements), communes: list(f.communes) },
    envelopeCents: eurosToCents(f.envelope),
    engineeringCents: eurosToCents(f.engineering),
    faceValueCents: eurosToCents(f.faceValue),
    passesPerCarnet: Number(f.passesPerCarnet),
    validityMonths: f.validityMonths.trim() === '' ? null : Number(f.validityMonths),
    startDate: f.startDate,
    endDate: f.endDate || null,
    maxCarnetsPerPerson: Number(f.maxCarnetsPerPerson),
    personalDataRetentionMonths: Number(f.personalDataRetentionMonths),
    prescriptionMode: f.prescriptionMode,
    requiresTrainedAidant: f.requiresTrainedAidant,
    operatorOrganisationId: f.operatorOrganisationId || undefined,
    funders: f.funders.map((x) => ({
      organisationId: x.organisationId,
      shareBp: Math.round(Number(x.share.replace(',', '.')) * 100),
      basis: x.basis,
    })),
    eligibility: f.eligibility.map((r) => ({
      ageMin: optionalInt(r.ageMin),
      ageMax: optionalInt(r.ageMax),
      // The checkboxes offer the contract's categories only.
      categories: r.categories.length ? (r.categories as PublicCategory[]) : undefined,
    })),
  };
}
