import { describe, expect, it } from 'vitest';
import { contrast, identityCss, identityProblem } from './identity.rules.js';

const brand = (theme: 'territoire' | 'etat', color = '#1d5b79') => ({ theme, name: 'Hub', tagline: '', color });

describe("an instance's identity", () => {
  it('keeps the State theme to State services on a .gouv.fr domain', () => {
    expect(identityProblem(brand('etat'), 'https://pass.region-exemple.fr')).toMatch(/réservé aux services de l'État/);
    expect(identityProblem(brand('etat'), 'https://pass-numerique.anct.gouv.fr')).toBeNull();
    expect(identityProblem(brand('territoire'), 'https://pass.region-exemple.fr')).toBeNull();
  });

  it('refuses a brand colour on which white text would not reach 4.5:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(identityProblem(brand('territoire', '#7fb3d5'), 'https://x.fr')).toMatch(/trop clair/);
    expect(identityProblem(brand('territoire', 'bleu'), 'https://x.fr')).toMatch(/#rrggbb/);
  });

  it('hides the State marks and sets the colour in the territoire stylesheet, and leaves the DSFR alone for the State', () => {
    const css = identityCss(brand('territoire'));
    expect(css).toContain('.fr-header__logo');
    expect(css).toContain('--blue-france-sun-113-625:#1d5b79');
    expect(css).toMatch(/font-family:system-ui/);
    expect(identityCss(brand('etat'))).not.toContain('{');
  });
});
