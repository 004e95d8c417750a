import { paymentsApi } from '../../api/payments';
import { Table } from '../../components/Table';
import { euros } from '../../labels';
import { useLoad } from '../../useLoad';
import { BudgetPanel } from './PaymentsSection';

/** What a funder follows: the budget, and its part of what was paid, per month and venue. */
export function FunderSection({ programmeId }: { programmeId: string }) {
  const { data } = useLoad(() => paymentsApi.funderShares(programmeId), [programmeId]);
  return (
    <section className="fr-mt-6w">
      <h2>Suivi financier</h2>
      <BudgetPanel programmeId={programmeId} />
      <h3 className="fr-h5">Ma part des sommes payées aux lieux</h3>
      {data?.length === 0 ? (
        <p>Aucun paiement pour l'instant.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption>Part du financeur, par mois et par lieu</caption>
            <thead>
              <tr>
                <th scope="col">Mois</th>
                <th scope="col">Lieu</th>
                <th scope="col">Montant</th>
              </tr>
            </thead>
            <tbody>
              {data?.map((r) => (
                <tr key={`${r.month}-${r.venueName}`}>
                  <td>{r.month}</td>
                  <td>{r.venueName}</td>
                  <td>{euros(r.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PaidByWorkshopTable programmeId={programmeId} />
    </section>
  );
}

/** What the money paid to venues bought, by workshop theme and workshop: the funder's evidence of use. */
export function PaidByWorkshopTable({ programmeId }: { programmeId: string }) {
  const { data } = useLoad(() => paymentsApi.paidByWorkshop(programmeId), [programmeId]);
  if (!data || data.length === 0) return null;
  return (
    <Table
      caption="Ateliers financés (relevés payés), par thème et par atelier"
      headers={['Thème', 'Atelier', 'Pass', 'Montant']}
      data={data.map((r) => [
        r.theme ?? 'Non précisé',
        r.workshopTitle ?? 'Atelier non précisé',
        r.passes.toLocaleString('fr-FR'),
        euros(r.amountCents),
      ])}
    />
  );
}
