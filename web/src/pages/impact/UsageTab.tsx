import { fr } from '@codegouvfr/react-dsfr';
import { BarChart } from '@codegouvfr/react-dsfr/Chart/BarChart';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useSearchParams } from 'react-router-dom';
import type { FunnelStage, SpendRow, UsageRow } from '../../../../src/modules/impact/impact.contract';
import { type Dashboard, impactApi } from '../../api/impact';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { euros } from '../../labels';
import { useLoad } from '../../useLoad';

const STAGES: Record<FunnelStage, string> = {
  ordered: 'Commandés',
  issued: 'Émis',
  allocated: 'Attribués aux prescripteurs',
  distributed: 'Remis',
  used: 'Utilisés',
  reimbursed: 'Remboursés aux lieux',
  expired: 'Expirés',
  cancelled: 'Annulés',
};

const pct = (r: number | null) =>
  r === null ? '—' : r.toLocaleString('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const n = (v: number) => v.toLocaleString('fr-FR');

function UsageTable({ caption, first, rows }: { caption: string; first: string; rows: UsageRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Table
      caption={caption}
      headers={[first, 'Pass remis', 'Pass utilisés', "Taux d'usage"]}
      data={rows.map((r) => [r.label, n(r.distributed), n(r.used), pct(r.rate)])}
    />
  );
}

function SpendTable({ caption, first, rows }: { caption: string; first: string; rows: SpendRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Table
      caption={caption}
      headers={[first, 'Pass utilisés', 'Montant']}
      data={rows.map((r) => [r.label, n(r.passes), euros(r.cents)])}
    />
  );
}

/** A chart and, beside it, the same figures as a table (screen readers, copying). */
function Figures({ d }: { d: Dashboard }) {
  const stages = (Object.keys(STAGES) as FunnelStage[]).filter((s) => d.scope === 'programme' || s !== 'ordered');
  return (
    <>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-3w')}>
        {[
          ["Taux d'usage", pct(d.usageRate), 'pass utilisés ÷ pass remis'],
          [
            'Carnets jamais utilisés',
            pct(d.carnets.distributed ? d.carnets.neverUsed / d.carnets.distributed : null),
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
          x={[stages.map((s) => STAGES[s])]}
          y={[stages.map((s) => d.funnel[s].passes)]}
          name={['Pass']}
        />
      </div>
      <Table
        caption="Parcours des pass (nombre et valeur)"
        headers={['Étape', 'Pass', 'Valeur']}
        data={stages.map((s) => [STAGES[s], n(d.funnel[s].passes), euros(d.funnel[s].cents)])}
      />
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
      <UsageTable caption="Usage par mois de remise" first="Mois de remise" rows={d.cohorts} />
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Qui a reçu les carnets</h3>
      {d.scope === 'programme' && (
        <UsageTable caption="Usage par prescripteur" first="Prescripteur" rows={d.byDistributor} />
      )}
      <UsageTable caption="Usage par public" first="Public" rows={d.byCategory} />
      <UsageTable caption="Usage par âge à la remise" first="Âge" rows={d.byAgeBand} />
      <UsageTable caption="Usage par département" first="Département" rows={d.byDepartement} />
      <UsageTable caption="Usage par commune (les 30 premières)" first="Commune" rows={d.byCommune.slice(0, 30)} />
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Ce que les pass utilisés ont payé</h3>
      <SpendTable caption="Par lieu" first="Lieu" rows={d.byVenue} />
      <SpendTable caption="Par thème d'atelier" first="Thème" rows={d.byTheme} />
      <SpendTable caption="Par mois d'utilisation" first="Mois" rows={d.byMonth} />
    </>
  );
}

/** The programme's usage for those who run, fund or hand it out; the period is in the URL. */
export function UsageTab({ programmeId }: { programmeId: string }) {
  const [params, setParams] = useSearchParams();
  const from = params.get('du') ?? '';
  const to = params.get('au') ?? '';
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
      {data.data && <Figures d={data.data} />}
    </section>
  );
}
