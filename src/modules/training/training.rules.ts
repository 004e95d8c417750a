import { randomBytes } from 'node:crypto';
import { type Actor, playsAnyOf } from '../accounts/actor.js';

/** The hub publishes training: an operator of a programme (the territory's hub), or an admin. */
export const mayPublishTraining = (actor: Actor) => playsAnyOf(actor, ['admin', 'operator']);

/** A session takes people up to its capacity; the next ones wait, in order of arrival. */
export const placeFor = (enrolled: number, capacity: number): 'enrolled' | 'waiting' =>
  enrolled < capacity ? 'enrolled' : 'waiting';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An attestation's verification code: 20 Crockford symbols drawn from 100 random bits, so that
 * nobody finds a valid one by trying; it is the key of the public verification address.
 */
export function attestationCode(): string {
  const bytes = randomBytes(20);
  return [...bytes].map((b) => CROCKFORD[b & 31]).join('');
}
