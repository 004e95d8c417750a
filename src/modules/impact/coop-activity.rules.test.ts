import { describe, expect, it } from 'vitest';
import { coopActivity } from './coop-activity.rules.js';

describe("a validation as La Coop's activity record", () => {
  it('makes a collective workshop a Collectif with its level and theme', () => {
    expect(
      coopActivity({ format: 'collective', level: 'initiation', service: 'Utilisation sécurisée du numérique' }),
    ).toEqual({ type: 'Collectif', place: 'LieuActivite', theme: 'SecuriteNumerique', level: 'Debutant' });
  });
  it('makes paperwork help a Demarche, and a remote session at a distance, without a level', () => {
    expect(
      coopActivity({ format: 'individual', level: 'perfectionnement', service: 'Aide aux démarches administratives' }),
    ).toEqual({ type: 'Demarche', place: 'LieuActivite', theme: null, level: null });
    expect(coopActivity({ format: 'remote', level: null, service: 'Loisirs et créations numériques' })).toEqual({
      type: 'Individuel',
      place: 'ADistance',
      theme: 'CreerAvecLeNumerique',
      level: null,
    });
  });
  it('keeps a validation without a workshop as an individual activity of unknown theme', () => {
    expect(coopActivity({ format: null, level: null, service: null })).toEqual({
      type: 'Individuel',
      place: 'LieuActivite',
      theme: null,
      level: null,
    });
  });
});
