import type { EligibilityRule, PublicCategory, Territory } from '../programmes/programmes.contract.js';
import { type Commune, inTerritory } from '../territory/communes.js';
import { CATEGORY_LABELS_FR } from './labels.js';
import type { Beneficiary } from './vouchers.contract.js';

/** A beneficiary as eligibility reads them: age, category, and the commune found from its code. */
export type Person = Pick<Beneficiary, 'birthYear' | 'birthMonth' | 'publicCategory'> & { commune: Commune };

export type Eligibility = { eligible: true } | { eligible: false; reason: string };

/** Age in whole years on `day`; the day of birth is unknown, so the birthday counts from the 1st. */
export function ageOn(day: string, birthYear: number, birthMonth: number): number {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return y - birthYear - (m < birthMonth ? 1 : 0);
}

function ruleFailures(rule: EligibilityRule, age: number, category: PublicCategory): string[] {
  const out: string[] = [];
  const min = rule.ageMin ?? 0;
  const max = rule.ageMax ?? 200;
  if (age < min || age > max) {
    const range =
      rule.ageMax === undefined
        ? `${min} ans et plus`
        : rule.ageMin === undefined
          ? `${max} ans au plus`
          : `${min}-${max} ans`;
    out.push(`âge ${age} ans : hors ${range}`);
  }
  if (rule.categories?.length && !rule.categories.includes(category)) {
    out.push(
      `public « ${CATEGORY_LABELS_FR[category]} » : attendu ${rule.categories.map((c) => `« ${CATEGORY_LABELS_FR[c]} »`).join(' ou ')}`,
    );
  }
  return out;
}

/**
 * Eligible when living in the territory and matching any rule. A refusal explains every rule and
 * why each failed, in French, so the distributor sees at once whether another situation of the
 * person (another public, another document) would make them eligible.
 */
export function checkEligibility(
  programme: { territory: Territory; eligibility: EligibilityRule[] },
  person: Person,
  day: string,
): Eligibility {
  if (!inTerritory(programme.territory, person.commune)) {
    return {
      eligible: false,
      reason: `commune ${person.commune.name} (${person.commune.code}) : hors du territoire du programme`,
    };
  }
  const age = ageOn(day, person.birthYear, person.birthMonth);
  const failed: string[] = [];
  for (const [index, rule] of programme.eligibility.entries()) {
    const failures = ruleFailures(rule, age, person.publicCategory);
    if (failures.length === 0) return { eligible: true };
    const which = programme.eligibility.length > 1 ? `règle ${index + 1} : ` : '';
    failed.push(`${which}${failures.join(' et ')}`);
  }
  return { eligible: false, reason: failed.length > 0 ? failed.join(' ; ') : 'aucune règle' };
}
