import type { ScopeCheck } from '../../http/access.js';
import { hasRole } from '../accounts/actor.js';
import { programmeOfCarnet } from './stock.service.js';
import { SERIAL } from './vouchers.contract.js';

/** The programme of the carnet named by the `serial` path parameter (null: no such carnet). */
export async function carnetProgramme(params: Record<string, string | undefined>, db: Parameters<ScopeCheck>[0]['db']) {
  const serial = params.serial;
  if (!serial || !SERIAL.test(serial)) return null;
  return programmeOfCarnet(db, serial);
}

/** Data of the carnet named by its serial: one of the roles in the carnet's programme. */
export const carnetSerial: ScopeCheck = async ({ actor, roles, params, db }) => {
  const programmeId = await carnetProgramme(params, db);
  if (!programmeId) return 'CARNET_NOT_FOUND';
  return hasRole(actor, programmeId, roles) ? 'ok' : 'FORBIDDEN';
};
