import { fr } from '@codegouvfr/react-dsfr';
import { BarChart } from '@codegouvfr/react-dsfr/Chart/BarChart';
import type { SpendRow } from '../../../../src/modules/impact/impact.contract';
import { impactApi } from '../../api/impact';
import { Table } from '../../components/Table';
import { euros, shareOf } from '../../labels';
import { useLoad } from '../../useLoad';

const n = (v: number) => v.toLocaleString('fr-FR');

function SpendTable({ caption, first, rows }: { caption: string; first: string; rows: SpendRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Table
      caption={caption}
      headers={[first, 'Pass', 'Montant']}
      data={rows.map((r) => [r.label, n(r.passes), euros(r.cents)])}
    />
  );
}

/** The venue's own activity: what it validated, what it was paid, what people said of its workshops. */
export function VenueActivitySection() {
  const { data: a } = useLoad(() => impactApi.venueActivity({}), []);
  if (!a) return null;
  return (
    <section className={fr.cx('fr-mt-4w')}>
      <h2 className="fr-h4">Votre activité</h2>
      {a.validations === 0 ? (
        <p>Aucun pass validé pour l'instant.</p>
      ) : (
        <>
          <p>
            {n(a.validations)} personne(s) accueillie(s) avec {n(a.passes)} pass, soit {euros(a.cents)} ; payé :{' '}
            {euros(a.paidCents)}, le reste est dû ou attend son relevé.
          </p>
          <div aria-hidden="true">
            <BarChart x={[a.byMonth.map((m) => m.key)]} y={[a.byMonth.map((m) => m.passes)]} name={['Pass validés']} />
          </div>
          <SpendTable caption="Pass validés par mois" first="Mois" rows={a.byMonth} />
          <SpendTable caption="Par thème d'atelier" first="Thème" rows={a.byTheme} />
          <SpendTable caption="Par atelier" first="Atelier" rows={a.byWorkshop} />
          <SpendTable caption="Par programme" first="Programme" rows={a.byProgramme} />
        </>
      )}
      <h3 className="fr-h5">L'avis des personnes accueillies</h3>
      {a.evaluation ? (
        <Table
          caption="Réponses anonymes au questionnaire, tous programmes"
          headers={[
            'Réponses',
            'Satisfaction moyenne (sur 5)',
            'Recommandent',
            "Gagnent au moins un niveau d'autonomie",
          ]}
          data={[
            [
              n(a.evaluation.answers),
              a.evaluation.meanSatisfaction.toLocaleString('fr-FR', { maximumFractionDigits: 1 }),
              shareOf(a.evaluation.recommendShare, 0),
              shareOf(a.evaluation.movedUpShare, 0),
            ],
          ]}
        />
      ) : (
        <p>
          {n(a.answers)} réponse(s) : les avis sont montrés à partir de 5 réponses, pour que personne ne soit
          reconnaissable.
        </p>
      )}
    </section>
  );
}
