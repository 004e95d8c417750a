import type { Me, Role } from './types';

/**
 * What each role sees, in one table: the navigation, the home page's tiles and the sections of
 * a programme's page all read it, so no component decides on its own who sees what. (The server
 * still checks every request: this only shapes the screens.)
 */

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur de la plateforme',
  operator: 'Opérateur',
  funder: 'Commanditaire',
  distributor: 'Prescripteur',
  referrer: 'Orienteur',
  venue: 'Lieu de médiation numérique',
};

/** Each role's home: its title and what the space is for. */
export const HOMES: Record<Role, { title: string; intro: string }> = {
  admin: {
    title: 'Administration de la plateforme',
    intro: 'Vous gérez les programmes, les organisations et les comptes de toute la plateforme.',
  },
  operator: {
    title: 'Espace opérateur',
    intro: 'Vous pilotez vos programmes : paramètres, stock de carnets, lieux qualifiés, paiements et suivi.',
  },
  funder: {
    title: 'Espace commanditaire',
    intro: 'Vous suivez les programmes que vous financez : budget, usage des pass et impact.',
  },
  distributor: {
    title: 'Espace prescripteur',
    intro: 'Vous remettez des carnets de Pass numériques aux personnes éligibles.',
  },
  referrer: {
    title: 'Espace orienteur',
    intro: 'Vous orientez les personnes vers un prescripteur du programme.',
  },
  venue: {
    title: 'Espace lieu de médiation numérique',
    intro: 'Vous accueillez les bénéficiaires, validez leurs pass et êtes remboursé de leur valeur.',
  },
};

const EVERYONE: readonly Role[] = ['admin', 'operator', 'funder', 'distributor', 'referrer', 'venue'];
const MANAGERS: readonly Role[] = ['admin', 'operator'];

export interface Destination {
  path: string;
  /** Its entry in the navigation bar. */
  nav: string;
  /** Its tile on the home page (the home itself has none). */
  tile?: { title: string; desc: string };
  roles: readonly Role[];
}

/** The signed-in destinations, in the order of the navigation bar. */
export const DESTINATIONS: readonly Destination[] = [
  { path: '/', nav: 'Accueil', roles: EVERYONE },
  {
    path: '/programmes',
    nav: 'Programmes',
    tile: { title: 'Programmes', desc: 'Paramètres, financeurs, éligibilité et suivi' },
    roles: EVERYONE,
  },
  {
    path: '/remise',
    nav: 'Remettre un carnet',
    tile: { title: 'Remettre un carnet', desc: 'À une personne éligible, depuis votre stock' },
    roles: ['distributor'],
  },
  {
    path: '/orienter',
    nav: 'Orienter une personne',
    tile: { title: 'Orienter une personne', desc: 'Vers un prescripteur désigné, et suivre la suite donnée' },
    roles: ['referrer'],
  },
  {
    path: '/validation',
    nav: 'Valider des pass',
    tile: { title: 'Valider des pass', desc: 'Pour un atelier, en saisissant ou scannant les codes' },
    roles: ['venue'],
  },
  {
    path: '/mon-lieu',
    nav: 'Mon lieu',
    tile: { title: 'Mon lieu et mes ateliers', desc: 'Qualification, ateliers et séances publiés' },
    roles: ['venue'],
  },
  {
    path: '/formations',
    nav: 'Formations',
    tile: { title: 'Formations des aidants', desc: 'Parcours, sessions, inscriptions et attestations' },
    roles: EVERYONE,
  },
  {
    path: '/acteurs',
    nav: 'Acteurs',
    tile: { title: 'Annuaire des acteurs', desc: 'Structures et personnes qui accompagnent, et votre fiche' },
    roles: EVERYONE,
  },
  {
    path: '/ressources',
    nav: 'Ressources',
    tile: { title: 'Ressources partagées', desc: 'Documents et outils des acteurs du territoire' },
    roles: EVERYONE,
  },
  {
    path: '/organisations',
    nav: 'Organisations',
    tile: { title: 'Organisations et comptes', desc: 'Structures, personnes invitées, comptes désactivés' },
    roles: EVERYONE,
  },
  {
    path: '/courriels',
    nav: 'Courriels',
    tile: { title: 'Courriels', desc: 'Tout ce que la plateforme envoie, et ce qui a échoué' },
    roles: MANAGERS,
  },
  {
    path: '/journal',
    nav: "Journal d'audit",
    tile: { title: "Journal d'audit", desc: 'Qui a fait quoi, et quand' },
    roles: MANAGERS,
  },
];

/** Every role the user holds somewhere, or in one programme (an admin holds "admin" everywhere). */
export function rolesOf(me: Me, programmeId?: string): Set<Role> {
  const roles = programmeId ? me.roles.filter((r) => r.programmeId === programmeId) : me.roles;
  return new Set<Role>([...(me.isAdmin ? (['admin'] as const) : []), ...roles.map((r) => r.role)]);
}

export function destinationsOf(me: Me): Destination[] {
  const mine = rolesOf(me);
  return DESTINATIONS.filter((d) => d.roles.some((r) => mine.has(r)));
}

const ROLE_ORDER: Role[] = ['operator', 'funder', 'distributor', 'referrer', 'venue'];

/** The role whose home page a user lands on: admin first, then the order of the chain. */
export function primaryRole(me: Me): Role {
  if (me.isAdmin) return 'admin';
  return ROLE_ORDER.find((r) => me.roles.some((x) => x.role === r)) ?? 'venue';
}

/** Who may start a new programme: the platform's admins and operators. */
export const canCreateProgramme = (me: Me) => MANAGERS.some((r) => rolesOf(me).has(r));

/** Programmes where the user hands out carnets. */
export const distributesIn = (me: Me, programmeId: string) =>
  me.roles.some((r) => r.programmeId === programmeId && r.role === 'distributor');

/** The tabs of a programme's page, each reachable by its URL (/programmes/:id/:tab). */
export type ProgrammeTab =
  | 'parametres'
  | 'usage'
  | 'couverture'
  | 'stock'
  | 'distribution'
  | 'lieux'
  | 'paiements'
  | 'budget'
  | 'acteurs';

export const PROGRAMME_TABS: readonly { tab: ProgrammeTab; label: string; roles: readonly Role[] }[] = [
  { tab: 'parametres', label: 'Paramètres', roles: EVERYONE },
  { tab: 'usage', label: 'Usage', roles: [...MANAGERS, 'funder', 'distributor'] },
  { tab: 'couverture', label: 'Couverture', roles: [...MANAGERS, 'funder'] },
  { tab: 'stock', label: 'Stock', roles: MANAGERS },
  { tab: 'distribution', label: 'Distribution', roles: MANAGERS },
  { tab: 'lieux', label: 'Lieux', roles: MANAGERS },
  { tab: 'paiements', label: 'Paiements', roles: MANAGERS },
  { tab: 'budget', label: 'Budget', roles: [...MANAGERS, 'funder'] },
  { tab: 'acteurs', label: 'Acteurs', roles: MANAGERS },
];

/** Does the user run this programme (its operator, or an admin)? */
export const managesProgramme = (me: Me, programmeId: string) => MANAGERS.some((r) => rolesOf(me, programmeId).has(r));

/** The tabs the user sees of one programme: an admin all, others those of the roles held in it. */
export function programmeTabs(me: Me, programmeId: string): typeof PROGRAMME_TABS {
  const held = rolesOf(me, programmeId);
  return PROGRAMME_TABS.filter((t) => t.roles.some((r) => held.has(r)));
}
