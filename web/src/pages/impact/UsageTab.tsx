import { fr } from '@codegouvfr/react-dsfr';
import { BarChart } from '@codegouvfr/react-dsfr/Chart/BarChart';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useSearchParams } from 'react-router-dom';
import {
  type Cell,
  type ColumnKind,
  type DashboardTable,
  dashboardTables,
  FUNNEL_LABELS,
  stagesOf,
} from '../../../../src/modules/impact/impact.tables';
import { type Dashboard, impactApi } from '../../api/impact';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Table } from '../../components/Table';
import { euros, shareOf } from '../../labels';
import { useLoad } from '../../useLoad';
import { EvaluationSection } from './EvaluationSection';
import { RemindersSection } from './RemindersSection';
import { UnusedCarnets } from './UnusedCarnets';
import { UsageMap } from './UsageMap';

const n = (v: number) => v.toLocaleString('fr-FR');

function show(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  if (kind === 'rate') return shareOf(cell);
  if (kind === 'euros') return euros(Math.round(cell * 100));
  return n(cell);
}

/** One of the dashboard's tables as the exports write it, with its own CSV download. */
function FigureTable({ table, csvUrl }: { table: DashboardTable; csvUrl: string }) {
  if (table.rows.length === 0) return null;
  return (
    <>
      <Table
        caption={table.caption}
        headers={table.columns.map((c) => c.title)}
        data={table.rows.map((row) => row.map((cell, i) => show(cell, table.columns[i]?.kind ?? 'text')))}
      />
      <p className={fr.cx('fr-text--sm')}>
        <a href={csvUrl} download>
          {`Télécharger « ${table.caption} » (CSV)`}
        </a>
      </p>
    </>
  );
}

/** A chart and, beside it, the same figures as a table (screen readers, copying). */
function Figures({ d, csvUrl }: { d: Dashboard; csvUrl: (table: string) => string }) {
  const stages = stagesOf(d);
  const tables = new Map(dashboardTables(d).map((t) => [t.key, t]));
  const table = (key: string) => {
    const t = tables.get(key);
    return t ? <FigureTable table={t} csvUrl={csvUrl(key)} /> : null;
  };
  return (
    <>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-3w')}>
        {[
          ["Taux d'usage", shareOf(d.usageRate), 'pass utilisés ÷ pass remis'],
          [
            'Carnets jamais utilisés',
            shareOf(d.carnets.distributed ? d.carnets.neverUsed / d.carnets.distributed : null),
            `${n(d.carnets.neverUsed)} sur ${n(d.carnets.distributed)}`,
          ],
          [
            'Délai médian avant la première utilisation',
            d.medianDaysToFirstUse === null ? '—' : `${Math.round(d.medianDaysToFirstUse)} jour(s)`,
            'de la remise au premier pass utilisé',
          ],
          [
            'Carnets entièrement utilisés',
            n(d.carnets.finished),
            `${n(d.carnets.firstUse)} carnet(s) utilisé(s) au moins une fois`,
          ],
        ].map(([title, value, hint]) => (
          <div key={title} className={fr.cx('fr-col-12', 'fr-col-md-3')}>
            <div className={fr.cx('fr-p-2w')} style={{ border: '1px solid var(--border-default-grey)' }}>
              <p className={fr.cx('fr-text--sm', 'fr-mb-1v')}>{title}</p>
              <p className={fr.cx('fr-h3', 'fr-mb-1v')}>{value}</p>
              <p className={fr.cx('fr-text--xs', 'fr-mb-0')}>{hint}</p>
            </div>
          </div>
        ))}
      </div>
      <h3 className={fr.cx('fr-h5')}>De la commande au remboursement</h3>
      <div aria-hidden="true">
        <BarChart
          horizontal
          x={[stages.map((s) => FUNNEL_LABELS[s])]}
          y={[stages.map((s) => d.funnel[s].passes)]}
          name={['Pass']}
        />
      </div>
      {table('parcours')}
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Usage par mois de remise (cohortes)</h3>
      {d.cohorts.length > 0 && (
        <div aria-hidden="true">
          <BarChart
            x={[d.cohorts.map((c) => c.key), d.cohorts.map((c) => c.key)]}
            y={[d.cohorts.map((c) => c.distributed), d.cohorts.map((c) => c.used)]}
            name={['Pass remis', 'Pass utilisés']}
          />
        </div>
      )}
      {table('cohortes')}
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Qui a reçu les carnets</h3>
      <UsageMap points={d.communePoints} />
      {['prescripteurs', 'publics', 'ages', 'departements', 'communes'].map((k) => (
        <div key={k}>{table(k)}</div>
      ))}
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Ce que les pass utilisés ont payé</h3>
      {['lieux', 'themes', 'mois'].map((k) => (
        <div key={k}>{table(k)}</div>
      ))}
    </>
  );
}

/** The programme's usage for those who run, fund or hand it out; the period is in the URL. */
export function UsageTab({ programmeId, manages }: { programmeId: string; manages: boolean }) {
  const [params, setParams] = useSearchParams();
  const from = params.get('du') ?? '';
  const to = params.get('au') ?? '';
  const period = { from: from || undefined, to: to || undefined };
  const data = useLoad(
    () => impactApi.dashboard(programmeId, { from: from || undefined, to: to || undefined }),
    [programmeId, from, to],
  );
  const setPeriod = (key: 'du' | 'au', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <section className={fr.cx('fr-mt-4w')}>
      <h2>Usage des pass</h2>
      <p>
        {data.data?.scope === 'distributor'
          ? 'Les carnets que vous avez remis, et ce que les personnes en ont fait.'
          : 'Chaque chiffre est compté sur les pass eux-mêmes. La période filtre les carnets par date de remise.'}
      </p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Remis à partir du"
            nativeInputProps={{ type: 'date', value: from, onChange: (e) => setPeriod('du', e.target.value) }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Remis jusqu'au"
            nativeInputProps={{ type: 'date', value: to, onChange: (e) => setPeriod('au', e.target.value) }}
          />
        </div>
      </div>
      {data.loading && <Loading />}
      {data.error !== null && <ErrorAlert error={data.error} title="Chargement impossible" />}
      {data.data && (
        <>
          <p>
            <a href={impactApi.xlsxUrl(programmeId, period)} download>
              Télécharger tous les tableaux (XLSX)
            </a>
            {data.data.scope === 'programme' && (
              <>
                {' · '}
                <a href={impactApi.reportUrl(programmeId, period)} download>
                  Télécharger le rapport pour les financeurs (PDF)
                </a>
                {' · '}
                <a href={impactApi.evaluationReportUrl(programmeId, period)} download>
                  Télécharger le rapport d'évaluation (usage, couverture, aidants formés, PDF)
                </a>
              </>
            )}
          </p>
          <Figures d={data.data} csvUrl={(table) => impactApi.csvUrl(programmeId, { ...period, table })} />
          {data.data.scope === 'programme' ? (
            <>
              <RemindersSection programmeId={programmeId} manages={manages} />
              <EvaluationSection programmeId={programmeId} />
            </>
          ) : (
            <UnusedCarnets programmeId={programmeId} />
          )}
        </>
      )}
    </section>
  );
}
