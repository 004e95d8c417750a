import { AppError } from '../../errors.js';
import type { EligibilityRule, Territory } from '../programmes/programmes.contract.js';
import { type Commune, communeByCode } from '../territory/communes.js';
import { checkEligibility } from './eligibility.rules.js';
import type { Beneficiary } from './vouchers.contract.js';

/** What eligibility reads of a beneficiary. */
export type PersonInput = Pick<Beneficiary, 'birthYear' | 'birthMonth' | 'communeInsee' | 'publicCategory'>;

/** The commune of a person's INSEE code, or the refusal that names the unknown code. */
export function communeOf(input: PersonInput): Commune {
  const commune = communeByCode(input.communeInsee);
  if (!commune) throw new AppError('COMMUNE_UNKNOWN', { communeInsee: input.communeInsee });
  return commune;
}

/** Refuses, in French and naming the rule that came closest, a person the programme does not cover. */
export function assertEligible(
  programme: { territory: Territory; eligibility: EligibilityRule[] },
  input: PersonInput,
  commune: Commune,
  day: string,
): void {
  const verdict = checkEligibility(programme, { ...input, commune }, day);
  if (!verdict.eligible) {
    throw new AppError('NOT_ELIGIBLE', { reason: verdict.reason }, `Personne non éligible — ${verdict.reason}.`);
  }
}
