import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { AppError, ERRORS, type ErrorCode, errorBody } from '../errors.js';
import type { Actor } from '../modules/accounts/actor.js';
import type { RequestContext } from '../modules/audit/audit.service.js';
import type { JobRunner } from '../modules/jobs/jobs.service.js';
import type { Access, RouteEntry } from './access.js';
import { authenticate, authorize, SESSION_COOKIE } from './auth.hooks.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The raw session cookie, when the request is authenticated by one. */
    sessionToken: string | null;
  }
}

export interface AppDeps {
  config: Config;
  db: Db;
  /**
   * Where the read-heavy pages that tolerate a little lag read (dashboards, exports, the public
   * directory, open data): a PostgreSQL hot standby when DATABASE_READ_URL is set; by default the
   * primary. Anything that writes, or must read its own writes, uses `db`.
   */
  readDb?: Db;
  /** Directory of the built front end; not served when absent (API-only tests). */
  webDist?: string;
  /** Background jobs of this process; routes kick it after an enqueue. */
  jobs?: JobRunner;
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export { SESSION_COOKIE };

/**
 * Pass codes travel in some URLs (/p/<code>), and attestation codes (/attestations/<code>), which
 * lead to a person's name: neither reaches the logs.
 */
export function redactUrl(url: string): string {
  return url.split('?')[0]?.replace(/\/(p|passes|attestations)\/[^/]+/g, '/$1/[masqué]') ?? url;
}

export function requestContext(req: FastifyRequest): RequestContext {
  return { actor: req.actor, requestId: String(req.id) };
}

/** The context of a write by an authenticated actor: who acts, and the request to trace. */
export function actingContext(req: FastifyRequest): RequestContext & { actor: Actor } {
  return { actor: actorOf(req), requestId: String(req.id) };
}

/** The authenticated actor of a route whose access requires one (checked before the handler). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

export function sendError(reply: FastifyReply, code: ErrorCode, details?: unknown, message?: string) {
  return reply.status(ERRORS[code].status).send(errorBody(code, details, message));
}

/**
 * Errors that mean the database is not there right now (restart, failover, network): SQLSTATE
 * classes 08 (connection) and 57P (operator intervention, shutdown), or the driver losing its socket.
 */
function databaseUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (/^08/.test(e.code) || /^57P0[1-3]$/.test(e.code))) return true;
  if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') return true;
  return typeof e.message === 'string' && /Connection terminated|terminating connection|not queryable/.test(e.message);
}

/** `GET /api/v1/programmes/{programmeId}/orders` → `getProgrammesByProgrammeIdOrders`: unique per route. */
function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `by_${w.slice(1)}` : w));
  const camel = words
    .flatMap((w) => w.split('_'))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return `${method.toLowerCase()}${camel}`;
}

/** Errors Node's HTTP parser meets before any request exists, answered in the documented shape. */
function rawClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? 'HEADERS_TOO_LARGE'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'MALFORMED_REQUEST';
  const body = JSON.stringify(errorBody(code));
  const status = ERRORS[code].status;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Where map tiles come from, for the CSP: `{s}` subdomains become a wildcard. */
function tileOrigin(tileUrl: string): string | null {
  if (!tileUrl) return null;
  try {
    const url = new URL(tileUrl.replace('{s}', 'subdomain').replace(/\{[a-z]+\}/g, '0'));
    return url.origin.replace('//subdomain.', '//*.');
  } catch {
    return null;
  }
}

/**
 * Headers of every answer: no inline or foreign script (a name typed by a venue can never run),
 * no framing (the redemption and payment pages cannot be overlaid), no MIME sniffing, only the
 * origin as referrer, and HSTS once the platform is served over https.
 */
function securityHeaders(config: Config) {
  const tiles = tileOrigin(config.map.tileUrl);
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and Leaflet set style attributes; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    strictTransportSecurity: config.publicUrl.startsWith('https:')
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    // The OIDC provider and the map tiles are other origins; nothing here needs isolation.
    crossOriginEmbedderPolicy: false,
  };
}

export async function buildApp(
  deps: AppDeps,
  registerModules: (app: ApiApp) => Promise<void>,
): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  const { config } = deps;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            ...(config.logFile ? { stream: createWriteStream(config.logFile, { flags: 'a' }) } : {}),
            serializers: {
              // No IP address, no query string, no headers: nothing personal in the logs.
              req: (req: FastifyRequest) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
            },
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    // Refusals made before routing keep the documented error shape too.
    frameworkErrors: (err, _req, reply) =>
      sendError(reply, err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'MALFORMED_REQUEST'),
    clientErrorHandler: rawClientError,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`La route ${route.method} ${route.url} ne déclare pas ses droits d'accès.`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, access });
    }
  });

  await app.register(helmet, securityHeaders(config));
  // Cookies are parsed before authentication reads the session one.
  await app.register(cookie);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
  });
  app.addHook('onRequest', authenticate(deps));
  app.addHook('preValidation', authorize(deps));

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return sendError(reply, err.code, err.details, err.message);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const key = err.validation.find(
        (v) => err.validationContext === 'headers' && v.instancePath === '/idempotency-key',
      );
      if (key)
        return sendError(
          reply,
          key.keyword === 'invalid_type' ? 'IDEMPOTENCY_KEY_REQUIRED' : 'IDEMPOTENCY_KEY_INVALID',
        );
      const details = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      return sendError(reply, 'VALIDATION_ERROR', details);
    }
    const e = err as { statusCode?: number; code?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'PAYLOAD_TOO_LARGE');
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 'UNSUPPORTED_MEDIA_TYPE');
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return sendError(reply, 'MALFORMED_REQUEST');
    if (databaseUnreachable(err)) {
      // The database restarts or fails over: nothing was done, the client may retry (same key).
      req.log.warn({ code: e.code }, 'database unreachable');
      reply.header('retry-after', '2');
      return sendError(reply, 'SERVICE_UNAVAILABLE');
    }
    req.log.error({ err }, 'unexpected error');
    return sendError(reply, 'INTERNAL_ERROR');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'API Passnum',
        version: '1.0.0',
        license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
        description:
          'API de la plateforme Passnum (Pass numériques). Erreurs : {"error":{"code","message","details"}}.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
      servers: [{ url: config.publicUrl, description: 'Cette plateforme' }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      if (!out.schema || out.schema.hide) return out;
      const access = input.route.config?.access;
      return {
        ...out,
        schema: {
          ...out.schema,
          operationId: out.schema.operationId ?? operationIdOf(String(input.route.method), input.url),
          // A public operation needs no credentials: say so, or clients would think it does.
          ...(access && 'public' in access ? { security: [] } : {}),
        },
      };
    },
  });
  // Swagger UI's own page carries inline code: it gets hashes in its CSP rather than a loosened one.
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/v1/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await registerModules(api);

  const webDist = deps.webDist;
  if (webDist && existsSync(webDist)) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && webDist && existsSync(webDist)) {
      // Client-side routes of the single-page application.
      return reply.type('text/html').sendFile('index.html', webDist);
    }
    return sendError(reply, 'NOT_FOUND');
  });
  return { app, routes };
}
