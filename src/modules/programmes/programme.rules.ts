import type { ProgrammeData } from './programmes.contract.js';

export interface RuleViolation {
  field: string;
  message: string;
}

const BP_TOTAL = 10_000;

/** Cross-field rules of a programme; each violation names its field and says why, in French. */
export function programmeViolations(p: ProgrammeData): RuleViolation[] {
  const out: RuleViolation[] = [];
  const total = p.funders.reduce((s, f) => s + f.shareBp, 0);
  if (total !== BP_TOTAL) {
    out.push({ field: 'funders', message: `Les parts totalisent ${total / 100} % au lieu de 100 %.` });
  }
  if (new Set(p.funders.map((f) => f.organisationId)).size !== p.funders.length) {
    out.push({ field: 'funders', message: 'Un financeur figure deux fois.' });
  }
  if (p.engineeringCents >= p.envelopeCents) {
    out.push({ field: 'engineeringCents', message: "La part d'ingénierie doit être inférieure à l'enveloppe." });
  } else if (p.envelopeCents - p.engineeringCents < p.faceValueCents * p.passesPerCarnet) {
    out.push({ field: 'envelopeCents', message: "L'enveloppe ne couvre pas même un carnet." });
  }
  if (p.validityMonths === null && p.endDate === null) {
    out.push({ field: 'validityMonths', message: 'Indiquez une durée de validité ou une date de fin.' });
  }
  if (p.endDate !== null && p.endDate < p.startDate) {
    out.push({ field: 'endDate', message: 'La date de fin précède la date de début.' });
  }
  const t = p.territory;
  if (t.regions.length + t.departements.length + t.communes.length === 0) {
    out.push({
      field: 'territory',
      message: 'Le territoire doit contenir au moins une région, un département ou une commune.',
    });
  }
  p.eligibility.forEach((r, i) => {
    if (r.ageMin !== undefined && r.ageMax !== undefined && r.ageMin > r.ageMax) {
      out.push({ field: `eligibility.${i}`, message: `Règle ${i + 1} : âge minimum supérieur à l'âge maximum.` });
    }
  });
  return out;
}
