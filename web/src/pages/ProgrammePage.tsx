import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { programmesApi } from '../api/programmes';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { CATEGORY_LABELS, euros, frenchDate, percent } from '../labels';
import { managesProgramme, programmeTabs } from '../roles';
import { useSession } from '../session';
import type { Programme } from '../types';
import { useLoad } from '../useLoad';
import { ProgrammeActorsSection } from './accounts/ProgrammeActorsSection';
import { CoverageTab } from './impact/CoverageTab';
import { UsageTab } from './impact/UsageTab';
import { NotFoundPage } from './NotFoundPage';
import { FunderSection, PaidByWorkshopTable } from './payments/FunderSection';
import { BudgetPanel, PaymentsSection } from './payments/PaymentsSection';
import { ProgrammeVenuesSection } from './venues/ProgrammeVenuesSection';
import { OperatorLostCarnet } from './vouchers/LostCarnet';
import { OrdersSection } from './vouchers/OrdersSection';
import { PersonalDataSection } from './vouchers/PersonalDataSection';
import { StockSection } from './vouchers/StockSection';

function ruleText(r: Programme['eligibility'][number]): string {
  const parts: string[] = [];
  if (r.ageMin !== undefined && r.ageMax !== undefined) parts.push(`de ${r.ageMin} à ${r.ageMax} ans`);
  else if (r.ageMin !== undefined) parts.push(`${r.ageMin} ans et plus`);
  else if (r.ageMax !== undefined) parts.push(`jusqu'à ${r.ageMax} ans`);
  if (r.categories?.length) parts.push(r.categories.map((c) => CATEGORY_LABELS[c] ?? c).join(' ou '));
  return parts.join(', ') || 'Toute personne du territoire';
}

function territoryText(t: Programme['territory']): string {
  return [
    ...t.regions.map((r) => `région ${r}`),
    ...t.departements.map((d) => `département ${d}`),
    ...t.communes.map((c) => `commune ${c}`),
  ].join(', ');
}

/** The programme's settings as everyone concerned sees them. */
function SettingsTab({ p, manages }: { p: Programme; manages: boolean }) {
  const passesBudget = p.envelopeCents - p.engineeringCents;
  const rows: [string, string][] = [
    ['Code (préfixe des carnets)', p.code],
    ['Opérateur', p.operatorName],
    ['Territoire', territoryText(p.territory)],
    ['Enveloppe', euros(p.envelopeCents)],
    ["Part d'ingénierie", euros(p.engineeringCents)],
    [
      'Budget des pass',
      `${euros(passesBudget)} (${Math.floor(passesBudget / p.faceValueCents).toLocaleString('fr-FR')} pass)`,
    ],
    ["Valeur d'un pass", euros(p.faceValueCents)],
    ['Pass par carnet', String(p.passesPerCarnet)],
    ['Validité', p.validityMonths ? `${p.validityMonths} mois après la remise` : 'Jusqu’à la fin du programme'],
    ['Période', `${frenchDate(p.startDate)} – ${frenchDate(p.endDate)}`],
    ['Carnets par personne', String(p.maxCarnetsPerPerson)],
    [
      'Prescription',
      p.prescriptionMode === 'open' ? 'Ouverte à tous les prescripteurs' : 'Restreinte aux prescripteurs désignés',
    ],
  ];
  return (
    <>
      {manages && (
        <Button iconId="fr-icon-edit-line" priority="secondary" linkProps={{ to: `/programmes/${p.id}/modifier` }}>
          Modifier le programme
        </Button>
      )}
      <h2 className={fr.cx('fr-mt-4w')}>Paramètres</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k} className={fr.cx('fr-mb-1w')}>
            <dt className={fr.cx('fr-text--bold')}>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h2>Financeurs</h2>
      <ul>
        {p.funders.map((f) => (
          <li key={f.organisationId}>
            {f.name} : {percent(f.shareBp)} {f.basis === 'used' ? 'des pass utilisés seulement' : 'des pass engagés'}
          </li>
        ))}
      </ul>
      <h2>Éligibilité</h2>
      <p>Une personne résidant sur le territoire est éligible si elle remplit l'une de ces conditions :</p>
      <ul>
        {p.eligibility.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rules have no identity but their position.
          <li key={i}>{ruleText(r)}</li>
        ))}
      </ul>
    </>
  );
}

/** A programme's page, split by task into tabs that each have their URL. */
export function ProgrammePage() {
  const { id = '', tab = 'parametres' } = useParams();
  const navigate = useNavigate();
  const { me } = useSession();
  const { data: p, error, loading } = useLoad(() => programmesApi.get(id), [id]);
  const [stockVersion, setStockVersion] = useState(0);
  const refreshStock = useCallback(() => setStockVersion((v) => v + 1), []);
  const tabs = me && p ? programmeTabs(me, p.id) : [];
  const current = tabs.find((t) => t.tab === tab);
  useEffect(() => {
    document.title = `${current?.label ?? 'Programme'} — ${p?.name ?? 'Programme'} — Passnum`;
  }, [p, current]);
  if (loading) return <Loading />;
  if (error !== null || !p || !me) return <ErrorAlert error={error} title="Programme introuvable" />;
  if (!current) return <NotFoundPage />;
  const manages = managesProgramme(me, p.id);
  return (
    <>
      <h1>{p.name}</h1>
      <Tabs
        label={`Rubriques du programme ${p.name}`}
        tabs={tabs.map((t) => ({ tabId: t.tab, label: t.label }))}
        selectedTabId={current.tab}
        onTabChange={(next) => navigate(next === 'parametres' ? `/programmes/${p.id}` : `/programmes/${p.id}/${next}`)}
      >
        {current.tab === 'parametres' && <SettingsTab p={p} manages={manages} />}
        {current.tab === 'usage' && <UsageTab programmeId={p.id} manages={manages} />}
        {current.tab === 'couverture' && <CoverageTab programmeId={p.id} />}
        {current.tab === 'stock' && (
          <>
            <OrdersSection programmeId={p.id} onIssued={refreshStock} />
            <StockSection programmeId={p.id} version={stockVersion} />
          </>
        )}
        {current.tab === 'distribution' && (
          <>
            <OperatorLostCarnet programmeId={p.id} onReplaced={refreshStock} />
            <PersonalDataSection programmeId={p.id} />
          </>
        )}
        {current.tab === 'lieux' && <ProgrammeVenuesSection programmeId={p.id} />}
        {current.tab === 'paiements' && <PaymentsSection programmeId={p.id} />}
        {current.tab === 'budget' &&
          (manages ? (
            <section className={fr.cx('fr-mt-4w')}>
              <h2>Budget et usage</h2>
              <BudgetPanel programmeId={p.id} />
              <PaidByWorkshopTable programmeId={p.id} />
            </section>
          ) : (
            <FunderSection programmeId={p.id} />
          ))}
        {current.tab === 'acteurs' && <ProgrammeActorsSection programme={p} />}
      </Tabs>
    </>
  );
}
