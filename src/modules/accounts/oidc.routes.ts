import { AppError } from '../../errors.js';
import type { ApiApp, AppDeps } from '../../http/app.js';
import { setSessionCookie } from '../../http/auth.hooks.js';
import { errorResponses } from '../../http/schemas.js';
import { AuthConfig, OidcCallbackQuery, Redirect } from './accounts.contract.js';
import { beginOidcLogin, completeOidcLogin } from './oidc.service.js';

const STATE_COOKIE = 'passnum_oidc_state';

/** ProConnect-compatible OpenID Connect sign-in, off unless OIDC_* variables are set. */
export async function oidcRoutes(app: ApiApp, { config, db }: AppDeps): Promise<void> {
  const secure = config.publicUrl.startsWith('https://');

  app.get(
    '/api/v1/auth/config',
    {
      config: { access: { public: true } },
      schema: {
        summary: 'Modes de connexion disponibles',
        tags: ['auth'],
        response: { 200: AuthConfig },
      },
    },
    async () => ({ password: true as const, oidc: config.oidc !== undefined }),
  );

  app.get(
    '/api/v1/auth/oidc/login',
    {
      config: { access: { public: true } },
      schema: {
        summary: 'Se connecter avec ProConnect (redirection vers le fournisseur)',
        tags: ['auth'],
        response: { 302: Redirect, ...errorResponses(404) },
      },
    },
    async (_req, reply) => {
      const { url, state } = await beginOidcLogin(db, config);
      // SameSite=Lax still sends this cookie on the provider's top-level redirect back to us.
      reply.setCookie(STATE_COOKIE, state, {
        path: '/api/v1/auth/oidc',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: 600,
      });
      return reply.redirect(url);
    },
  );

  app.get(
    '/api/v1/auth/oidc/callback',
    {
      config: { access: { public: true } },
      schema: {
        summary: 'Retour du fournisseur OpenID Connect',
        tags: ['auth'],
        querystring: OidcCallbackQuery,
        response: { 302: Redirect },
      },
    },
    async (req, reply) => {
      reply.clearCookie(STATE_COOKIE, { path: '/api/v1/auth/oidc' });
      try {
        const token = await completeOidcLogin(db, config, {
          query: req.query,
          browserState: req.cookies[STATE_COOKIE],
          requestId: String(req.id),
        });
        setSessionCookie(reply, config, token);
        return reply.redirect('/');
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // A browser flow: back to the sign-in page, which shows the French message for the code.
        return reply.redirect(`/connexion?erreur=${err.code}`);
      }
    },
  );
}
