import type { QualificationStatus } from '../../types';

export const LEVEL_LABELS: Record<string, string> = { initiation: 'Initiation', perfectionnement: 'Perfectionnement' };
export const FORMAT_LABELS: Record<string, string> = {
  individual: 'Individuel',
  collective: 'Collectif',
  remote: 'À distance',
};

export const QUALIFICATION_LABELS: Record<QualificationStatus, string> = {
  pending: 'En attente',
  qualified: 'Qualifié',
  changes_requested: 'Modifications demandées',
  refused: 'Refusé',
  suspended: 'Suspendu',
  withdrawn: 'Retiré',
};

export const QUALIFICATION_SEVERITY: Record<QualificationStatus, 'info' | 'success' | 'warning' | 'error' | 'new'> = {
  pending: 'new',
  qualified: 'success',
  changes_requested: 'warning',
  refused: 'error',
  suspended: 'warning',
  withdrawn: 'error',
};

export const durationLabel = (minutes: number) =>
  minutes % 60 === 0
    ? `${minutes / 60} h`
    : minutes > 60
      ? `${Math.floor(minutes / 60)} h ${minutes % 60}`
      : `${minutes} min`;

export const dateTimeLabel = (iso: string) =>
  new Date(iso).toLocaleString('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' });
