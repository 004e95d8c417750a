import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { anywhere, programmeParam } from '../../http/access.js';
import { type ApiApp, type AppDeps, actingContext, actorOf } from '../../http/app.js';
import { errorResponses, fileDownload, ProgrammeParams } from '../../http/schemas.js';
import { hasRole } from '../accounts/actor.js';
import { evaluationSummary } from '../evaluation/evaluation.service.js';
import { budgetSeenBy } from '../payments/budget.service.js';
import { coverage } from '../territory/coverage.service.js';
import { trainedInProgramme } from '../training/training.service.js';
import { coopActivitiesCsv } from './coop-activity.service.js';
import {
  DASHBOARD_VENUE_ROWS,
  Dashboard,
  DashboardQuery,
  DashboardTableQuery,
  UnusedCarnet,
  VenueActivity,
} from './impact.contract.js';
import { tableCsv, tablesXlsx } from './impact.export.js';
import { type DashboardScope, dashboard } from './impact.service.js';
import { dashboardTables } from './impact.tables.js';
import { anctIndicatorsCsv } from './indicators.service.js';
import { writeFunderReport } from './report-pdf.js';
import { unusedCarnets } from './unused-carnets.service.js';
import { venueActivity } from './venue-activity.service.js';

const READERS = { roles: ['admin', 'operator', 'funder', 'distributor'] as const, scope: programmeParam() };

/** The page lists the venues with the most passes; a download lists them all. */
const EVERY_VENUE = null;

/** Those who run or fund the programme see all of it; a distributor, the carnets it handed out. */
function scopeOf(req: FastifyRequest, programmeId: string): DashboardScope {
  const actor = actorOf(req);
  const whole = hasRole(actor, programmeId, ['admin', 'operator', 'funder']);
  return { programmeId, distributorId: whole ? null : actor.organisationId };
}

export async function impactRoutes(app: ApiApp, { config, db: primary, readDb }: AppDeps): Promise<void> {
  // Dashboards, exports and reports read on the replica when there is one; the unused carnets,
  // whose reading is audited, write: they stay on the primary.
  const db = readDb ?? primary;
  app.get(
    '/api/v1/programmes/:programmeId/dashboard',
    {
      config: { access: READERS },
      schema: {
        summary:
          "Usage des pass : entonnoir de la commande au remboursement, taux d'usage par cohorte et par groupe (un prescripteur : ses carnets)",
        tags: ['impact'],
        params: ProgrammeParams,
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => dashboard(db, scopeOf(req, req.params.programmeId), req.query),
  );

  app.get(
    '/api/v1/programmes/:programmeId/dashboard.csv',
    {
      config: { access: READERS },
      schema: {
        summary: "Un tableau de l'usage des pass, en CSV (valeurs brutes : taux en fraction, montants en euros)",
        tags: ['impact'],
        params: ProgrammeParams,
        querystring: DashboardTableQuery,
        ...fileDownload('text/csv', 'Le tableau demandé, séparateur point-virgule'),
      },
    },
    async (req, reply) => {
      const { table: key, ...period } = req.query;
      // Only the venues' table needs every venue; the others would fetch and name them for nothing.
      const venueRows = key === 'lieux' ? EVERY_VENUE : DASHBOARD_VENUE_ROWS;
      const tables = dashboardTables(await dashboard(db, scopeOf(req, req.params.programmeId), period, venueRows));
      const table = tables.find((t) => t.key === key);
      if (!table) throw new AppError('NOT_FOUND', undefined, "Ce tableau n'existe pas pour vous.");
      return reply
        .header('content-disposition', `attachment; filename="usage-${key}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(tableCsv(table));
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/dashboard.xlsx',
    {
      config: { access: READERS },
      schema: {
        summary: "Tous les tableaux de l'usage des pass, un onglet chacun, en XLSX",
        tags: ['impact'],
        params: ProgrammeParams,
        querystring: DashboardQuery,
        ...fileDownload(XLSX, 'Un classeur : un onglet par tableau'),
      },
    },
    async (req, reply) => {
      const d = await dashboard(db, scopeOf(req, req.params.programmeId), req.query, EVERY_VENUE);
      return reply
        .header('content-disposition', 'attachment; filename="usage-des-pass.xlsx"')
        .type(XLSX)
        .send(tablesXlsx(dashboardTables(d), 'Usage des pass'));
    },
  );

  /** The funder report, or with the territory (coverage, aidants trained) the evaluation report. */
  const sendReport =
    (kind: 'usage' | 'evaluation') =>
    async (
      req: FastifyRequest<{ Params: { programmeId: string }; Querystring: DashboardQuery }>,
      reply: FastifyReply,
    ) => {
      const { programmeId } = req.params;
      const actor = actorOf(req);
      const [programme, d, budget, evaluation, territory] = await Promise.all([
        db.query<{ name: string }>('SELECT name FROM programmes WHERE id = $1', [programmeId]),
        dashboard(db, { programmeId, distributorId: null }, req.query),
        budgetSeenBy(db, actor, programmeId),
        evaluationSummary(db, programmeId),
        kind === 'evaluation'
          ? Promise.all([coverage(db, programmeId), trainedInProgramme(db, programmeId)])
          : Promise.resolve(null),
      ]);
      const out = new PassThrough();
      writeFunderReport(
        out,
        {
          programme: programme[0]?.name ?? '',
          period: req.query,
          dashboard: d,
          budget,
          evaluation,
          ...(territory ? { evaluationReport: { coverage: territory[0], trained: territory[1] } } : {}),
        },
        config.brand.theme,
      ).catch((err: unknown) => out.destroy(err as Error));
      return reply
        .header('content-disposition', `attachment; filename="rapport-${kind}.pdf"`)
        .type('application/pdf')
        .send(out);
    };
  const REPORT_READERS = { roles: ['admin', 'operator', 'funder'] as const, scope: programmeParam() };

  app.get(
    '/api/v1/programmes/:programmeId/report.pdf',
    {
      config: { access: REPORT_READERS },
      schema: {
        summary:
          "Rapport d'usage d'un programme pour ses financeurs (PDF) : chiffres, entonnoir, budget, avis, méthode",
        tags: ['impact'],
        params: ProgrammeParams,
        querystring: DashboardQuery,
        ...fileDownload('application/pdf', 'Le rapport (PDF, A4)'),
      },
    },
    sendReport('usage'),
  );

  app.get(
    '/api/v1/programmes/:programmeId/evaluation-report.pdf',
    {
      config: { access: REPORT_READERS },
      schema: {
        summary:
          "Rapport d'évaluation d'un programme pour les collectivités et les instances nationales (PDF) : usage, budget, avis, couverture du territoire, aidants formés",
        tags: ['impact'],
        params: ProgrammeParams,
        querystring: DashboardQuery,
        ...fileDownload('application/pdf', 'Le rapport (PDF, A4)'),
      },
    },
    sendReport('evaluation'),
  );

  app.get(
    '/api/v1/programmes/:programmeId/unused-carnets',
    {
      config: { access: { roles: ['distributor'] as const, scope: programmeParam() } },
      schema: {
        summary:
          'Mes carnets remis dont aucun pass n’a servi, avec le contact des personnes qui ont accepté les rappels',
        tags: ['impact'],
        params: ProgrammeParams,
        response: { 200: z.array(UnusedCarnet), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => unusedCarnets(primary, actingContext(req), req.params.programmeId),
  );

  app.get(
    '/api/v1/indicators/anct.csv',
    {
      config: { access: { roles: ['admin', 'operator', 'funder'] as const, scope: anywhere } },
      schema: {
        summary:
          "Indicateurs nationaux pour l'ANCT, un programme par ligne (champs décrits dans docs/indicateurs-anct.md)",
        tags: ['impact'],
        querystring: DashboardQuery,
        ...fileDownload('text/csv', 'Une ligne par programme que vous pilotez ou financez'),
      },
    },
    async (req, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="indicateurs-anct.csv"')
        .type('text/csv; charset=utf-8')
        .send(await anctIndicatorsCsv(db, actorOf(req), req.query)),
  );

  app.get(
    '/api/v1/me/activity',
    {
      config: { access: { roles: ['venue'] as const, scope: anywhere } },
      schema: {
        summary: "L'activité du lieu : pass validés par mois, thème, atelier et programme, payé, avis",
        tags: ['impact'],
        querystring: DashboardQuery,
        response: { 200: VenueActivity, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => venueActivity(db, actorOf(req).organisationId, req.query),
  );

  app.get(
    '/api/v1/me/activities.csv',
    {
      config: { access: { roles: ['venue'] as const, scope: anywhere } },
      schema: {
        summary: "Les validations du lieu comme comptes rendus d'activité de La Coop de la médiation numérique (CSV)",
        tags: ['impact'],
        querystring: DashboardQuery,
        ...fileDownload('text/csv', 'Une ligne par validation : date, type, durée, commune, thème, niveau, atelier'),
      },
    },
    async (req, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="activites-la-coop.csv"')
        .type('text/csv; charset=utf-8')
        .send(await coopActivitiesCsv(db, actorOf(req).organisationId, req.query)),
  );
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
