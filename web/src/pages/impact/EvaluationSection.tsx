import { fr } from '@codegouvfr/react-dsfr';
import type { EvaluationGroup } from '../../../../src/modules/evaluation/evaluation.contract';
import { evaluationApi } from '../../api/evaluation';
import { Table } from '../../components/Table';
import { shareOf } from '../../labels';
import { useLoad } from '../../useLoad';

function GroupTable({ caption, first, rows }: { caption: string; first: string; rows: EvaluationGroup[] }) {
  if (rows.length === 0) return null;
  return (
    <Table
      caption={caption}
      headers={[
        first,
        'Réponses',
        'Satisfaction moyenne (sur 5)',
        'Recommandent',
        "Gagnent au moins un niveau d'autonomie",
      ]}
      data={rows.map((g) => [
        g.label,
        g.answers.toLocaleString('fr-FR'),
        g.meanSatisfaction.toLocaleString('fr-FR', { maximumFractionDigits: 1 }),
        shareOf(g.recommendShare, 0),
        shareOf(g.movedUpShare, 0),
      ])}
    />
  );
}

/** What beneficiaries said, aggregated; groups too small to stay anonymous are left out. */
export function EvaluationSection({ programmeId }: { programmeId: string }) {
  const { data } = useLoad(() => evaluationApi.summary(programmeId), [programmeId]);
  if (!data) return null;
  return (
    <>
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>L'avis des bénéficiaires</h3>
      <p className={fr.cx('fr-text--sm')}>
        Réponses anonymes au questionnaire proposé après chaque atelier. Un groupe de moins de {data.minimumGroup}{' '}
        réponses n'est pas affiché{data.hiddenGroups > 0 ? ` (${data.hiddenGroups} groupe(s) masqué(s))` : ''}.
      </p>
      {data.overall ? (
        <GroupTable caption="Ensemble du programme" first="Périmètre" rows={[data.overall]} />
      ) : (
        <p>Pas encore assez de réponses pour les montrer sans risquer de reconnaître quelqu'un.</p>
      )}
      <GroupTable caption="Avis par lieu" first="Lieu" rows={data.byVenue} />
      <GroupTable caption="Avis par thème d'atelier" first="Thème" rows={data.byTheme} />
    </>
  );
}
