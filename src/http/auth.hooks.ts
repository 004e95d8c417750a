import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { actorFromApiToken, actorFromSession } from '../modules/accounts/accounts.service.js';
import type { AppDeps } from './app.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const SESSION_COOKIE = 'passnum_session';

/** The session cookie: httpOnly, SameSite=Lax, Secure when the platform is served over TLS. */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
    maxAge: config.sessionTtlHours * 3600,
  });
}

/**
 * A browser write must come from our own pages: Sec-Fetch-Site (sent by every current browser)
 * or, failing it, Origin must say so. Clients that send neither are not browsers, and cannot
 * carry a victim's cookie.
 */
function isCrossSite(req: FastifyRequest, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  const host = req.headers.host;
  try {
    const o = new URL(origin);
    return o.origin !== new URL(publicUrl).origin && o.host !== host;
  } catch {
    return true;
  }
}

/** Finds who is calling: a bearer token first, else the session cookie. */
export function authenticate({ config, db }: AppDeps) {
  return async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await actorFromApiToken(db, auth.slice(7).trim());
      if (!req.actor) throw new AppError('UNAUTHENTICATED', undefined, "Jeton d'accès invalide ou révoqué.");
      return;
    }
    // Cookie-authenticated writes, and the login itself, are checked against cross-site forgery.
    if (!SAFE_METHODS.has(req.method) && isCrossSite(req, config.publicUrl)) throw new AppError('CSRF_REJECTED');
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.actor = await actorFromSession(db, token);
      req.sessionToken = req.actor ? token : null;
    }
  };
}

/** Applies the route's declared access: public, or roles plus the scope of the data touched. */
export function authorize({ db }: AppDeps) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const access = req.routeOptions.config.access;
    if (!access || 'public' in access) return;
    if (!req.actor) throw new AppError('UNAUTHENTICATED');
    const verdict = await access.scope({
      actor: req.actor,
      roles: access.roles,
      params: (req.params ?? {}) as Record<string, string | undefined>,
      body: req.body,
      db,
    });
    if (verdict !== 'ok') throw new AppError(verdict);
  };
}
