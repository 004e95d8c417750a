import type { Db, Queryable } from '../../db/db.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../accounts/actor.js';
import { communityOf, inCommunitySql } from '../accounts/community.js';
import { type RequestContext, recordAudit } from '../audit/audit.service.js';
import type { ResourceInput, ResourceList, ResourceQuery } from './resources.contract.js';
import { ResourceQuery as QuerySchema, ResourceInput as ResourceSchema } from './resources.contract.js';

/**
 * The resources shared within the reader's territory (the organisations of its programmes), best match first when searching: PostgreSQL's French full-text search
 * (stems, so "formation" finds "formations"; `websearch_to_tsquery` reads what people type, with
 * quotes and "-" to exclude), then a tag filter.
 */
export async function searchResources(q: Queryable, actor: Actor, query: ResourceQuery): Promise<ResourceList> {
  const { q: text, tag } = QuerySchema.parse(query);
  const [items, tags] = await Promise.all([
    q.query<ResourceList['items'][number]>(
      `SELECT r.id, r.title, r.description, r.url, r.file_name AS "fileName", r.tags, o.name AS "organisationName",
              to_char(r.created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "createdOn",
              r.organisation_id = $3 AS mine
         FROM resources r JOIN organisations o ON o.id = r.organisation_id
        WHERE (r.organisation_id = $3 OR ${inCommunitySql('r.organisation_id', '$4')})
          AND ($1 = '' OR r.search @@ websearch_to_tsquery('french', $1))
          AND ($2::text IS NULL OR r.tags @> ARRAY[$2::text])
        ORDER BY CASE WHEN $1 = '' THEN 0 ELSE ts_rank(r.search, websearch_to_tsquery('french', $1)) END DESC,
                 r.created_at DESC
        LIMIT 200`,
      [text, tag ?? null, actor.organisationId, communityOf(actor)],
    ),
    q.query<{ tag: string; count: number }>(
      `SELECT t AS tag, count(*)::int AS count FROM resources r, unnest(r.tags) AS t
        WHERE r.organisation_id = $1 OR ${inCommunitySql('r.organisation_id', '$2')}
        GROUP BY t ORDER BY count(*) DESC, t`,
      [actor.organisationId, communityOf(actor)],
    ),
  ]);
  return { items, tags };
}

export async function shareResource(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  input: ResourceInput,
): Promise<{ id: string }> {
  const r = ResourceSchema.parse(input);
  const content = r.file ? Buffer.from(r.file.contentBase64, 'base64') : null;
  if (content && (content.length === 0 || content.length > 5 * 1024 * 1024)) throw new AppError('FILE_TOO_LARGE');
  return db.tx(async (q) => {
    const [row] = await q.query<{ id: string }>(
      `INSERT INTO resources (organisation_id, created_by, title, description, url, file_name, file_type, file_content, tags)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        ctx.actor.organisationId,
        ctx.actor.userId,
        r.title,
        r.description,
        r.url ?? null,
        r.file?.name ?? null,
        r.file?.contentType ?? null,
        content,
        [...new Set(r.tags)],
      ],
    );
    const id = (row as { id: string }).id;
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'resource.share',
      entityType: 'resource',
      entityId: id,
      after: { title: r.title, tags: r.tags, url: r.url ?? null, file: r.file?.name ?? null },
    });
    return { id };
  });
}

export async function removeResource(db: Db, ctx: RequestContext & { actor: Actor }, id: string): Promise<void> {
  await db.tx(async (q) => {
    const [row] = await q.query<{ organisation_id: string; title: string }>(
      `SELECT organisation_id, title FROM resources r
        WHERE id = $1 AND (r.organisation_id = $2 OR ${inCommunitySql('r.organisation_id', '$3')}) FOR UPDATE`,
      [id, ctx.actor.organisationId, communityOf(ctx.actor)],
    );
    if (!row) throw new AppError('RESOURCE_NOT_FOUND');
    if (row.organisation_id !== ctx.actor.organisationId && !ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
    await q.query('DELETE FROM resources WHERE id = $1', [id]);
    await recordAudit(q, ctx, {
      programmeId: null,
      action: 'resource.remove',
      entityType: 'resource',
      entityId: id,
      before: { title: row.title },
    });
  });
}

export async function resourceFile(q: Queryable, actor: Actor, id: string) {
  const [f] = await q.query<{ file_name: string; file_type: string; file_content: Buffer }>(
    `SELECT file_name, file_type, file_content FROM resources r
      WHERE id = $1 AND file_content IS NOT NULL AND (r.organisation_id = $2 OR ${inCommunitySql('r.organisation_id', '$3')})`,
    [id, actor.organisationId, communityOf(actor)],
  );
  if (!f) throw new AppError('RESOURCE_NOT_FOUND');
  return { name: f.file_name, type: f.file_type, content: Buffer.from(f.file_content) };
}
