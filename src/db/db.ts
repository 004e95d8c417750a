import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  /** `prepare` names a hot statement so PostgreSQL plans it once per connection. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[], prepare?: string): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The embedded database only: its whole data directory as a gzipped tar (a consistent copy). */
  dumpDataDir?(): Promise<Uint8Array>;
}

// Dates stay 'YYYY-MM-DD' strings (no time-zone shift); int8 holds cents and counts, well
// inside Number's exact range, so both engines return numbers.
const DATE_OID = 1082;
const INT8_OID = 20;

export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  const db = new PGlite(dataDir, loadDataDir ? { loadDataDir } : {});
  await db.waitReady;
  // PGlite 0.5 applies parsers given per query, not those given to the constructor.
  const options = { parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) } };
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <T extends object>(sql: string, params?: unknown[]) => (await q.query<T>(sql, params, options)).rows,
    exec: async (sql: string) => {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    tx: (fn) => db.transaction((t) => fn(wrap(t))),
    close: () => db.close(),
    dumpDataDir: async () => new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer()),
  };
}

export interface PostgresOptions {
  /** Schema to work in (tests give each file its own). */
  schema?: string;
  max?: number;
}

export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // A connection keeps the plans it made (foreign-key checks included) until statistics change;
    // plans made while a table was small outlive its growth if nothing analyses it. Renewing
    // connections every quarter of an hour bounds that, for the cost of a reconnection.
    maxLifetimeSeconds: 900,
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === DATE_OID) return (v: string) => v;
        if (oid === INT8_OID) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server ends while idle (a restart, a failover) is dropped from the pool and
  // replaced on next use; without a listener its error would end the process.
  pool.on('error', () => undefined);
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T extends object>(sql: string, params?: unknown[], prepare?: string) =>
      (prepare
        ? await c.query<T>({ name: prepare, text: sql, values: params })
        : await c.query<T>(sql, params as unknown[])
      ).rows,
    exec: async (sql: string) => {
      await c.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    tx: async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        // A connection that cannot even roll back is gone: it is destroyed, not pooled again.
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
