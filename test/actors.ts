import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PROGRAMMES } from '../src/modules/demo/demo.data.js';

/**
 * The demo's actors, named once for every test: who signs in (e-mail), as what, in which
 * programme. Tests that need a figure build it through the services (factories in
 * vouchers-helpers.ts, newProgramme in helpers.ts) rather than rely on the demo's own amounts.
 */
const email = (role: string, programme: 'bfc' | 'lozere' | null) => {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role && x.programme === programme);
  if (!a) throw new Error(`no demo ${role} in ${programme}`);
  return a.email;
};

export const ADMIN = email('admin', null);

export const BFC = {
  id: DEMO_PROGRAMMES.bfc,
  operator: email('operator', 'bfc'),
  funder: email('funder', 'bfc'),
  distributor: email('distributor', 'bfc'),
  distributorId: DEMO_ORGANISATIONS.mlDijon.id,
  venue: email('venue', 'bfc'),
  venueId: DEMO_ORGANISATIONS.epnDijon.id,
} as const;

export const LOZERE = {
  id: DEMO_PROGRAMMES.lozere,
  operator: email('operator', 'lozere'),
  funder: email('funder', 'lozere'),
  /** The Département: the one designated prescriber. */
  distributor: email('distributor', 'lozere'),
  distributorId: DEMO_ORGANISATIONS.departementLozere.id,
  referrer: email('referrer', 'lozere'),
  venue: email('venue', 'lozere'),
  venueId: DEMO_ORGANISATIONS.fsMende.id,
} as const;
