import {
  DispositifProgrammeNational,
  ModaliteAcces,
  ModaliteAccompagnement,
  PriseEnChargeSpecifique,
  PublicSpecifiquementAdresse,
  Service,
  Typologie,
} from '@gouvfr-anct/lieux-de-mediation-numerique';

/**
 * The vocabularies of the national standard for digital-mediation venues (v1.0.x), taken from
 * ANCT's own library so that Passnum speaks exactly the words of the national cartography.
 */
export const VOCABULARY = {
  services: Object.values(Service),
  publics: Object.values(PublicSpecifiquementAdresse),
  specificSupport: Object.values(PriseEnChargeSpecifique),
  accessModes: Object.values(ModaliteAcces),
  supportModes: Object.values(ModaliteAccompagnement),
  nationalProgrammes: Object.values(DispositifProgrammeNational),
  typologies: Object.values(Typologie),
} as const;

export type VocabularyName = keyof typeof VOCABULARY;
