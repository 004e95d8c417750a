import * as client from 'openid-client';
import type { Config } from '../../config.js';
import type { Db } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { OidcCallbackQuery } from './accounts.contract.js';
import { actorByUserId, openSession } from './accounts.service.js';

type OidcSettings = NonNullable<Config['oidc']>;

// Discovery metadata is configuration, identical in every process: caching it here shares no
// state between requests. Sign-ins in progress live in the database (oidc_logins).
let discovered: { key: string; config: Promise<client.Configuration> } | null = null;

function providerConfig(s: OidcSettings): Promise<client.Configuration> {
  const key = `${s.issuer}|${s.clientId}`;
  if (discovered?.key !== key) {
    const issuer = new URL(s.issuer);
    // Plain HTTP is only for a provider on this machine (tests, local development).
    const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(issuer.hostname);
    const config = client.discovery(
      issuer,
      s.clientId,
      s.clientSecret,
      undefined,
      local ? { execute: [client.allowInsecureRequests] } : {},
    );
    config.catch(() => {
      discovered = null;
    });
    discovered = { key, config };
  }
  return discovered.config;
}

export const callbackUrl = (cfg: Config) => `${cfg.publicUrl}/api/v1/auth/oidc/callback`;

/** Starts a sign-in: returns the provider's URL and the state to bind to the browser. */
export async function beginOidcLogin(db: Db, cfg: Config): Promise<{ url: string; state: string }> {
  if (!cfg.oidc) throw new AppError('OIDC_DISABLED');
  const provider = await providerConfig(cfg.oidc);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await db.query(
    `INSERT INTO oidc_logins (state, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, now() + interval '10 minutes')`,
    [state, nonce, codeVerifier],
  );
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: callbackUrl(cfg),
    scope: 'openid email given_name usual_name',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

/**
 * The account of a provider's identity: the one linked to its issuer and subject, or, at the
 * first sign-in, the account with its e-mail address, if the provider verified that address and
 * the account is not linked to another identity; the link is made then, once.
 */
async function accountOf(
  db: Db,
  oidc: OidcSettings,
  id: { sub: string; email: string | undefined; emailVerified: unknown },
): Promise<string> {
  const linked = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2 AND disabled_at IS NULL',
    [oidc.issuer, id.sub],
  );
  if (linked[0]) return linked[0].id;
  if (!id.email) throw new AppError('OIDC_FAILED');
  const verified = id.emailVerified === true || (id.emailVerified === undefined && oidc.trustEmails);
  if (!verified) throw new AppError('OIDC_EMAIL_UNVERIFIED');
  const claimed = await db.query<{ id: string }>(
    `UPDATE users SET oidc_issuer = $2, oidc_subject = $3
      WHERE email = $1 AND disabled_at IS NULL AND oidc_subject IS NULL RETURNING id`,
    [id.email, oidc.issuer, id.sub],
  );
  if (claimed[0]) return claimed[0].id;
  throw new AppError('OIDC_UNKNOWN_USER');
}

/**
 * Completes a sign-in: checks state (bound to the browser by a cookie), nonce and PKCE, then
 * opens a session for the account of that identity (see accountOf). No account is created here:
 * accounts come from an operator or an admin.
 */
export async function completeOidcLogin(
  db: Db,
  cfg: Config,
  input: { query: OidcCallbackQuery; browserState: string | undefined; requestId: string },
): Promise<string> {
  if (!cfg.oidc) throw new AppError('OIDC_DISABLED');
  const state = input.query.state;
  if (!state || state !== input.browserState) throw new AppError('OIDC_FAILED');
  const rows = await db.query<{ nonce: string; code_verifier: string }>(
    'DELETE FROM oidc_logins WHERE state = $1 AND expires_at > now() RETURNING nonce, code_verifier',
    [state],
  );
  const pending = rows[0];
  if (!pending) throw new AppError('OIDC_FAILED');
  const provider = await providerConfig(cfg.oidc);
  const current = new URL(callbackUrl(cfg));
  for (const [k, v] of Object.entries(input.query)) if (v !== undefined) current.searchParams.set(k, v);
  let identity: { sub: string; email: string | undefined; emailVerified: unknown };
  try {
    const tokens = await client.authorizationCodeGrant(provider, current, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    // The e-mail and whether the provider verified it come from the same source: the ID token,
    // or the userinfo answer when the token does not carry them.
    const source =
      typeof claims.email === 'string' ? claims : await client.fetchUserInfo(provider, tokens.access_token, claims.sub);
    identity = {
      sub: claims.sub,
      email: typeof source.email === 'string' ? source.email.toLowerCase() : undefined,
      emailVerified: source.email_verified,
    };
  } catch {
    throw new AppError('OIDC_FAILED');
  }
  const userId = await accountOf(db, cfg.oidc, identity);
  const actor = await actorByUserId(db, userId);
  return openSession(db, cfg, userId, { actor, requestId: input.requestId });
}
