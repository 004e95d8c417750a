import { describe, expect, it } from 'vitest';
import { DEMO_PROGRAMME_DATA } from '../demo/demo.data.js';
import { communeByCode } from '../territory/communes.js';
import { ageOn, checkEligibility } from './eligibility.rules.js';

const [bfc, lozere] = DEMO_PROGRAMME_DATA as [(typeof DEMO_PROGRAMME_DATA)[0], (typeof DEMO_PROGRAMME_DATA)[0]];
const mende = communeByCode('48095');
const dijon = communeByCode('21231');
if (!mende || !dijon) throw new Error('communes missing');
const DAY = '2026-11-22';

describe('eligibility', () => {
  it('computes the age on the day from birth year and month', () => {
    expect(ageOn(DAY, 2000, 11)).toBe(26);
    expect(ageOn(DAY, 2000, 12)).toBe(25);
  });

  it('accepts a young job seeker of Dijon for BFC', () => {
    expect(
      checkEligibility(
        bfc,
        { birthYear: 2004, birthMonth: 3, commune: dijon, publicCategory: 'demandeur_emploi' },
        DAY,
      ),
    ).toEqual({
      eligible: true,
    });
  });

  it('names the age and the range when a BFC applicant is too old', () => {
    expect(
      checkEligibility(
        bfc,
        { birthYear: 1990, birthMonth: 5, commune: dijon, publicCategory: 'demandeur_emploi' },
        DAY,
      ),
    ).toEqual({
      eligible: false,
      reason: 'âge 36 ans : hors 16-25 ans',
    });
  });

  it('refuses someone living outside the territory', () => {
    const r = checkEligibility(
      lozere,
      { birthYear: 1950, birthMonth: 1, commune: dijon, publicCategory: 'retraite' },
      DAY,
    );
    expect(r).toEqual({ eligible: false, reason: 'commune Dijon (21231) : hors du territoire du programme' });
  });

  it('accepts in Lozère a senior, an RSA recipient of any age, a 16-25 year-old', () => {
    const p = (birthYear: number, publicCategory: 'retraite' | 'rsa' | 'etudiant') =>
      checkEligibility(lozere, { birthYear, birthMonth: 1, commune: mende, publicCategory }, DAY).eligible;
    expect(p(1960, 'retraite')).toBe(true);
    expect(p(1985, 'rsa')).toBe(true);
    expect(p(2005, 'etudiant')).toBe(true);
  });

  it('in Lozère, explains every rule an employed 40-year-old fails', () => {
    const r = checkEligibility(
      lozere,
      { birthYear: 1986, birthMonth: 1, commune: mende, publicCategory: 'salarie' },
      DAY,
    );
    expect(r).toEqual({
      eligible: false,
      reason:
        "règle 1 : public « salarié » : attendu « éloigné de l'emploi (PIC) » ou « bénéficiaire du RSA » ou « primo-arrivant » ; " +
        'règle 2 : âge 40 ans : hors 60 ans et plus ; règle 3 : âge 40 ans : hors 16-25 ans',
    });
  });
});
