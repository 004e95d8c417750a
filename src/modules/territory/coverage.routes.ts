import { z } from 'zod';
import { programmeParam } from '../../http/access.js';
import type { ApiApp, AppDeps } from '../../http/app.js';
import { errorResponses, fileDownload, ProgrammeParams } from '../../http/schemas.js';
import { tableCsv, tablesXlsx } from '../impact/impact.export.js';
import { Coverage } from './coverage.contract.js';
import { coverage } from './coverage.service.js';
import { coverageTables } from './coverage.tables.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const READERS = { roles: ['admin', 'operator', 'funder'] as const, scope: programmeParam() };

export async function coverageRoutes(app: ApiApp, { db: primary, readDb }: AppDeps): Promise<void> {
  // Read-only, tolerant of a little lag: on the replica when there is one.
  const db = readDb ?? primary;
  app.get(
    '/api/v1/programmes/:programmeId/coverage',
    {
      config: { access: READERS },
      schema: {
        summary:
          'Diagnostic de couverture : distance de chaque commune du territoire au lieu qualifié et au prescripteur les plus proches, population à 10, 20 et 30 km, pass pour 1 000 habitants',
        tags: ['territoire'],
        params: ProgrammeParams,
        response: { 200: Coverage, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => coverage(db, req.params.programmeId),
  );

  app.get(
    '/api/v1/programmes/:programmeId/coverage.csv',
    {
      config: { access: READERS },
      schema: {
        summary: 'Les communes du diagnostic de couverture, en CSV',
        tags: ['territoire'],
        params: ProgrammeParams,
        querystring: z.object({ table: z.enum(['communes', 'distances']).default('communes') }),
        ...fileDownload('text/csv', 'Le tableau demandé, séparateur point-virgule'),
      },
    },
    async (req, reply) => {
      const tables = coverageTables(await coverage(db, req.params.programmeId));
      const table = tables.find((t) => t.key === req.query.table) ?? tables[0];
      return reply
        .header('content-disposition', `attachment; filename="couverture-${req.query.table}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(table ? tableCsv(table) : '');
    },
  );

  app.get(
    '/api/v1/programmes/:programmeId/coverage.xlsx',
    {
      config: { access: READERS },
      schema: {
        summary: 'Le diagnostic de couverture en XLSX (distances, communes)',
        tags: ['territoire'],
        params: ProgrammeParams,
        ...fileDownload(XLSX, 'Un classeur : un onglet par tableau'),
      },
    },
    async (req, reply) =>
      reply
        .header('content-disposition', 'attachment; filename="couverture.xlsx"')
        .type(XLSX)
        .send(tablesXlsx(coverageTables(await coverage(db, req.params.programmeId)), 'Couverture du territoire')),
  );
}
