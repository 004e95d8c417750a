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
  CSRF_REJECTED: { status: 403, message: 'Requête refusée : elle ne provient pas du site Passnum.' },
  NOT_FOUND: { status: 404, message: "La ressource demandée n'existe pas." },
  PROGRAMME_NOT_FOUND: { status: 404, message: "Ce programme n'existe pas ou ne vous est pas accessible." },
  ORGANISATION_NOT_FOUND: { status: 404, message: "Cette organisation n'existe pas ou ne vous est pas accessible." },
  USER_NOT_FOUND: { status: 404, message: "Cet utilisateur n'existe pas ou ne vous est pas accessible." },
  TOKEN_NOT_FOUND: { status: 404, message: "Ce jeton d'accès n'existe pas." },
  OIDC_DISABLED: { status: 404, message: "La connexion par ProConnect n'est pas activée sur cette plateforme." },
  SIRET_TAKEN: {
    status: 409,
    message:
      'Une organisation avec ce SIRET existe déjà : connectez-vous à son compte pour candidater à un autre programme (rubrique « Mon lieu »).',
  },
  EMAIL_TAKEN: { status: 409, message: 'Un compte avec cette adresse électronique existe déjà.' },
  PROGRAMME_CODE_TAKEN: { status: 409, message: 'Un programme utilise déjà ce code.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'La requête est trop volumineuse.' },
  URI_TOO_LONG: { status: 414, message: "L'adresse demandée est trop longue." },
  HEADERS_TOO_LARGE: { status: 431, message: 'Les en-têtes de la requête sont trop volumineux.' },
  REQUEST_TIMEOUT: { status: 408, message: "La requête n'est pas arrivée à temps. Veuillez réessayer." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Ce type de contenu n'est pas accepté." },
  SIRET_INVALID: { status: 422, message: "Ce numéro SIRET n'est pas valide (14 chiffres, clé de contrôle)." },
  PROGRAMME_RULES_VIOLATED: { status: 422, message: 'Le programme ne respecte pas les règles du dispositif.' },
  FUNDER_NOT_FUNDER: { status: 422, message: 'Une organisation financeuse doit avoir le rôle « financeur ».' },
  OPERATOR_NOT_OPERATOR: { status: 422, message: "L'organisation opératrice doit avoir le rôle « opérateur »." },
  ROLE_NOT_PLAYED: { status: 422, message: "L'organisation de cet utilisateur ne joue pas ce rôle." },
  OIDC_FAILED: { status: 401, message: 'La connexion par ProConnect a échoué. Veuillez réessayer.' },
  OIDC_EMAIL_UNVERIFIED: {
    status: 403,
    message:
      "Votre fournisseur d'identité n'a pas vérifié votre adresse électronique : Passnum ne peut pas vous connecter avec elle.",
  },
  OIDC_UNKNOWN_USER: { status: 403, message: "Aucun compte Passnum n'est associé à cette identité." },
  LOGIN_THROTTLED: { status: 429, message: 'Trop de tentatives de connexion. Réessayez dans quelques minutes.' },
  REDEMPTION_THROTTLED: {
    status: 429,
    message: 'Trop de codes inconnus ou erronés ont été saisis dans ce lieu : réessayez dans une heure.',
  },
  RATE_LIMITED: { status: 429, message: 'Trop de requêtes. Réessayez dans quelques instants.' },
  ENVELOPE_EXCEEDED: {
    status: 422,
    message: "L'enveloppe du programme, hors ingénierie, ne couvre pas cette commande.",
  },
  EMAIL_NOT_FOUND: { status: 404, message: "Ce courriel n'existe pas ou ne vous est pas accessible." },
  EMAIL_NOT_FAILED: { status: 409, message: 'Seul un courriel en échec peut être renvoyé.' },
  ORIENTATION_NOT_FOUND: { status: 404, message: "Cette orientation n'existe pas ou ne vous est pas accessible." },
  ORIENTATION_NOT_PENDING: { status: 409, message: "Cette orientation n'est plus en attente : elle a déjà une suite." },
  ORDER_NOT_FOUND: { status: 404, message: "Cette commande n'existe pas ou ne vous est pas accessible." },
  ORDER_NOT_READY: { status: 409, message: 'Les carnets de cette commande ne sont pas encore émis.' },
  CARNET_NOT_FOUND: { status: 404, message: "Ce carnet n'existe pas ou ne vous est pas accessible." },
  BENEFICIARY_NOT_FOUND: { status: 404, message: "Ce carnet n'a été remis à personne : aucune donnée personnelle." },
  CARNET_NOT_AVAILABLE: {
    status: 409,
    message: "Ce carnet n'est pas disponible dans ce stock (déjà remis, attribué ailleurs ou annulé).",
  },
  NOT_A_DISTRIBUTOR: { status: 422, message: "Cette organisation n'est pas prescriptrice de ce programme." },
  COMMUNE_UNKNOWN: { status: 422, message: 'Ce code INSEE ne correspond à aucune commune.' },
  NOT_ELIGIBLE: { status: 422, message: "Cette personne ne remplit pas les critères d'éligibilité du programme." },
  CARNET_LIMIT_REACHED: {
    status: 409,
    message: 'Cette personne a déjà reçu le nombre de carnets permis par le programme.',
  },
  NOT_DESIGNATED_PRESCRIBER: {
    status: 403,
    message:
      'Dans ce programme, seuls les prescripteurs désignés remettent des carnets ; orientez la personne vers eux.',
  },
  PASS_CHECK_SYMBOL: { status: 400, message: 'Ce code contient une faute de frappe : vérifiez-le.' },
  PASS_FORMAT: { status: 400, message: "Ce texte n'a pas la forme d'un code de pass (13 caractères)." },
  PASS_UNKNOWN: { status: 404, message: 'Ce code ne correspond à aucun pass.' },
  PASS_ALREADY_REDEEMED: { status: 409, message: 'Ce pass a déjà été utilisé.' },
  PASS_NOT_DISTRIBUTED: { status: 422, message: "Ce pass n'a pas encore été remis à un bénéficiaire." },
  PASS_EXPIRED: { status: 422, message: 'Ce pass a expiré.' },
  PASS_CANCELLED: { status: 422, message: 'Ce pass a été annulé (perdu, volé ou détruit).' },
  VENUE_NOT_QUALIFIED: { status: 422, message: "Ce lieu n'est pas qualifié pour ce programme." },
  PROGRAMME_MISMATCH: { status: 422, message: "Ces pass n'appartiennent pas tous au même programme." },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: "Cette clé d'idempotence a déjà servi pour une autre requête." },
  PASS_COUNT_MISMATCH: {
    status: 422,
    message: "Le nombre de pass ne correspond pas au prix de l'atelier : indiquez pourquoi.",
  },
  EVALUATION_NOT_OPEN: {
    status: 409,
    message: "Ce pass n'a pas encore servi à un atelier : vous pourrez donner votre avis après l'atelier.",
  },
  REMINDER_CARNET_USED: { status: 409, message: 'Ce carnet a déjà servi : pas de relance.' },
  REMINDER_NO_CONSENT: {
    status: 409,
    message: "Cette personne n'a pas accepté d'être relancée, ou ses coordonnées ont été effacées.",
  },
  REMINDER_NO_CAMPAIGN: {
    status: 409,
    message: "Aucune campagne de relance n'est en cours dans ce programme : l'opérateur peut en ouvrir une.",
  },
  REMINDER_HOLDOUT: {
    status: 409,
    message:
      'Ce carnet a été tiré au sort dans le groupe témoin : il ne reçoit pas de relance, pour mesurer leur effet.',
  },
  REMINDER_TOO_SOON: { status: 409, message: 'Cette personne a été relancée il y a moins de 7 jours.' },
  CAMPAIGN_NOT_FOUND: { status: 404, message: "Cette campagne de relance n'existe pas ou ne vous est pas accessible." },
  CAMPAIGN_ENDED: { status: 409, message: 'Cette campagne de relance est déjà terminée.' },
  SIMULATION_ALREADY_RUN: {
    status: 409,
    message:
      'Cette simulation a déjà été lancée sur cette base (terminée ou interrompue) : repartez d’une base neuve pour la relancer.',
  },
  SIMULATION_SEED_DIFFERS: {
    status: 409,
    message:
      'Une simulation nationale interrompue a été lancée sur cette base avec une autre graine : relancez-la avec la même graine pour la reprendre, ou repartez d’une base neuve.',
  },
  SIMULATION_NEEDS_POSTGRES: {
    status: 409,
    message:
      'La simulation nationale (10 millions de pass) se charge par COPY dans un serveur PostgreSQL : définissez DATABASE_URL.',
  },
  RESOURCE_NOT_FOUND: { status: 404, message: "Cette ressource n'existe pas ou a été retirée." },
  TRAINING_NOT_FOUND: {
    status: 404,
    message: "Ce parcours, ce module ou cette session n'existe pas ou ne vous est pas accessible.",
  },
  TRAINING_NOT_ENROLLED: {
    status: 409,
    message: "Cette personne est en liste d'attente : seule une personne inscrite peut être notée présente.",
  },
  FILE_TOO_LARGE: { status: 422, message: 'Un fichier joint doit faire entre 1 octet et 5 Mio.' },
  ATTESTATION_NOT_FOUND: {
    status: 404,
    message: 'Aucune attestation ne porte ce code : elle est fausse ou mal recopiée.',
  },
  QUALIFICATION_NEEDS_TRAINED_AIDANT: {
    status: 422,
    message: "Ce programme exige qu'au moins une personne du lieu ait suivi un parcours de formation des aidants.",
  },
  REDEMPTION_NOT_FOUND: { status: 404, message: "Cette validation n'existe pas ou ne vous est pas accessible." },
  UNDO_TOO_LATE: {
    status: 422,
    message: 'Une validation ne peut plus être annulée après 24 heures ou une fois sur un relevé.',
  },
  VENUE_NOT_FOUND: { status: 404, message: "Ce lieu n'existe pas ou ne vous est pas accessible." },
  WORKSHOP_NOT_FOUND: { status: 404, message: "Cet atelier n'existe pas ou ne vous est pas accessible." },
  SESSION_NOT_FOUND: { status: 404, message: "Cette séance n'existe pas ou ne vous est pas accessible." },
  IMPORT_NOT_FOUND: { status: 404, message: "Cet import n'existe pas ou ne vous est pas accessible." },
  QUALIFICATION_NOT_FOUND: { status: 404, message: "Ce lieu n'a pas candidaté à ce programme." },
  ALREADY_APPLIED: {
    status: 409,
    message: "Ce lieu a déjà candidaté à ce programme : la suite dépend de l'opérateur du programme.",
  },
  QUALIFICATION_TRANSITION: {
    status: 409,
    message: "Cette décision n'est pas possible depuis l'état actuel de la qualification.",
  },
  REASON_REQUIRED: { status: 422, message: 'Indiquez le motif de cette décision : il sera envoyé au lieu.' },
  IBAN_INVALID: { status: 422, message: "Cet IBAN n'est pas valide (vérifiez la clé et le nombre de caractères)." },
  BIC_INVALID: { status: 422, message: "Ce BIC n'est pas valide (8 ou 11 caractères, par exemple AGRIFRPP882)." },
  OPENING_HOURS_INVALID: {
    status: 422,
    message: 'Les horaires ne respectent pas le format OpenStreetMap (par exemple « Mo-Fr 09:00-12:00,14:00-17:00 »).',
  },
  POSTCODE_MISMATCH: { status: 422, message: "Ce code postal n'est pas celui de la commune choisie." },
  PHONE_INVALID: { status: 422, message: "Ce numéro de téléphone n'est pas valide (10 chiffres, ou +33…)." },
  VENUE_OUT_OF_TERRITORY: { status: 422, message: "Ce lieu n'est pas dans le territoire de ce programme." },
  INVITATION_INVALID: {
    status: 400,
    message: "Ce lien d'invitation n'est pas valide ou a expiré : demandez-en un nouveau à l'opérateur.",
  },
  IMPORT_UNREADABLE: { status: 400, message: "Ce fichier n'a pas pu être lu : vérifiez son format (CSV ou JSON)." },
  IMPORT_ENCODING: {
    status: 400,
    message:
      "L'encodage de ce fichier n'est pas reconnu (ni UTF-8 ni Windows-1252) : enregistrez-le en « CSV UTF-8 » depuis votre tableur.",
  },
  STATEMENT_NOT_FOUND: { status: 404, message: "Ce relevé n'existe pas ou ne vous est pas accessible." },
  STATEMENT_STATE: { status: 409, message: "Ce relevé n'est pas dans l'état qui permet cette action." },
  STATEMENT_LINE_UNKNOWN: { status: 422, message: 'Ce pass ne figure pas (ou plus) parmi les lignes de ce relevé.' },
  BATCH_NOT_FOUND: { status: 404, message: "Ce lot de paiement n'existe pas ou ne vous est pas accessible." },
  STATEMENT_NOT_IN_BATCH: {
    status: 422,
    message: "Un relevé déclaré rejeté par la banque ne fait pas partie de ce lot : rien n'a été enregistré.",
  },
  BATCH_STATE: { status: 409, message: 'Ce lot de paiement est déjà marqué payé.' },
  NOTHING_TO_PAY: { status: 422, message: 'Aucun relevé validé à payer (avec des coordonnées bancaires confirmées).' },
  PAYMENT_SETTINGS_MISSING: {
    status: 422,
    message:
      'Renseignez le compte qui paie les lieux (titulaire, IBAN, BIC) dans les paramètres de paiement du programme.',
  },
  BANK_ACCOUNT_NOT_FOUND: {
    status: 404,
    message: 'Aucune coordonnée bancaire en attente de confirmation pour ce lieu.',
  },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: "L'en-tête Idempotency-Key est obligatoire pour cette action." },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: "L'en-tête Idempotency-Key doit compter de 8 à 100 caractères (par exemple un identifiant aléatoire).",
  },
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

import type { ErrorBody } from './errors.contract.js';

export type { ErrorBody };

export function errorBody(code: ErrorCode, details?: unknown, message?: string): ErrorBody {
  return { error: { code, message: message ?? ERRORS[code].message, ...(details === undefined ? {} : { details }) } };
}
