/**
 * Every refusal the API can give: a stable code, its HTTP status and the French sentence shown
 * to people. Modules add their codes here, so a code has one meaning across the whole API.
 */
export const ERRORS = {
  VALIDATION_ERROR: { status: 400, message: 'La requête contient des données invalides.' },
  MALFORMED_REQUEST: { status: 400, message: 'La requête est mal formée.' },
  UNAUTHENTICATED: { status: 401, message: 'Vous devez être connecté pour accéder à cette ressource.' },
  INVALID_CREDENTIALS: { status: 401, message: 'Adresse électronique ou mot de passe incorrect.' },
  FORBIDDEN: { status: 403, message: "Vous n'avez pas les droits nécessaires pour cette action." },
  CSRF_REJECTED: { status: 403, message: "Requête refusée : elle ne provient pas du site Passnum." },
  NOT_FOUND: { status: 404, message: "La ressource demandée n'existe pas." },
  PROGRAMME_NOT_FOUND: { status: 404, message: "Ce programme n'existe pas ou ne vous est pas accessible." },
  ORGANISATION_NOT_FOUND: { status: 404, message: "Cette organisation n'existe pas ou ne vous est pas accessible." },
  USER_NOT_FOUND: { status: 404, message: "Cet utilisateur n'existe pas ou ne vous est pas accessible." },
  TOKEN_NOT_FOUND: { status: 404, message: "Ce jeton d'accès n'existe pas." },
  OIDC_DISABLED: { status: 404, message: "La connexion par ProConnect n'est pas activée sur cette plateforme." },
  SIRET_TAKEN: { status: 409, message: 'Une organisation avec ce SIRET existe déjà.' },
  EMAIL_TAKEN: { status: 409, message: 'Un compte avec cette adresse électronique existe déjà.' },
  PROGRAMME_CODE_TAKEN: { status: 409, message: 'Un programme utilise déjà ce code.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'La requête est trop volumineuse.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Ce type de contenu n'est pas accepté." },
  SIRET_INVALID: { status: 422, message: "Ce numéro SIRET n'est pas valide (14 chiffres, clé de contrôle)." },
  PROGRAMME_RULES_VIOLATED: { status: 422, message: 'Le programme ne respecte pas les règles du dispositif.' },
  FUNDER_NOT_FUNDER: { status: 422, message: "Une organisation financeuse doit avoir le rôle « financeur »." },
  OPERATOR_NOT_OPERATOR: { status: 422, message: "L'organisation opératrice doit avoir le rôle « opérateur »." },
  ROLE_NOT_PLAYED: { status: 422, message: "L'organisation de cet utilisateur ne joue pas ce rôle." },
  OIDC_FAILED: { status: 401, message: 'La connexion par ProConnect a échoué. Veuillez réessayer.' },
  OIDC_UNKNOWN_USER: { status: 403, message: "Aucun compte Passnum n'est associé à cette identité." },
  LOGIN_THROTTLED: { status: 429, message: 'Trop de tentatives de connexion. Réessayez dans quelques minutes.' },
  RATE_LIMITED: { status: 429, message: 'Trop de requêtes. Réessayez dans quelques instants.' },
  INTERNAL_ERROR: { status: 500, message: 'Une erreur interne est survenue. Veuillez réessayer.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'Le service est momentanément indisponible.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** A refusal that the HTTP layer turns into `{"error":{code,message,details}}`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, details?: unknown, message?: string): ErrorBody {
  return { error: { code, message: message ?? ERRORS[code].message, ...(details === undefined ? {} : { details }) } };
}
