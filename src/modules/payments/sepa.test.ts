import { describe, expect, it } from 'vitest';
import { sepaText } from './sepa.js';

describe('names in the SEPA character set', () => {
  it('maps œ, ’, –, « » to their equivalents, collapses spaces, then cuts to the field', () => {
    expect(sepaText('Maison France Services d’Ispagnac – Gévaudan « Œuvre »')).toBe(
      "Maison France Services d'Ispagnac - Gevaudan 'OEuvre'",
    );
    expect(sepaText('Cœur  de   Lozère & Margeride')).toBe('Coeur de Lozere + Margeride');
    expect(sepaText('Association “L’Atelier”')).toBe("Association 'L'Atelier'");
    // Cut after collapsing: the 70 characters are meaningful ones, and no trailing space is left.
    const long = `${'Espace   numérique  '.repeat(6)}fin`;
    const cut = sepaText(long);
    expect(cut.length).toBeLessThanOrEqual(70);
    expect(cut).not.toMatch(/\s{2}|\s$/);
    expect(cut.startsWith('Espace numerique Espace numerique')).toBe(true);
    expect(sepaText('Émilie Ñuñez 100 % ✓')).toBe('Emilie Nunez 100');
  });
});
