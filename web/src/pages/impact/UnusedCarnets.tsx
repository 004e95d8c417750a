import { fr } from '@codegouvfr/react-dsfr';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { impactApi, type UnusedCarnet } from '../../api/impact';
import { frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';

function contact(c: UnusedCarnet): string {
  if (!c.contact) return "N'a pas accepté les rappels";
  const name = [c.contact.firstName, c.contact.lastName].filter(Boolean).join(' ');
  return [name, c.contact.phone, c.contact.email].filter(Boolean).join(' — ');
}

/** The distributor's carnets that nobody used yet: people to call back, when they agreed to it. */
export function UnusedCarnets({ programmeId }: { programmeId: string }) {
  const { data } = useLoad(() => impactApi.unusedCarnets(programmeId), [programmeId]);
  if (!data) return null;
  return (
    <>
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Carnets remis pas encore utilisés</h3>
      {data.length === 0 ? (
        <p>Tous les carnets que vous avez remis ont servi au moins une fois.</p>
      ) : (
        <Table
          caption={`${data.length} carnet(s) dont aucun pass n'a servi, du plus ancien au plus récent`}
          headers={['Carnet', 'Remis le', "Valable jusqu'au", 'Contact (si la personne a accepté les rappels)']}
          data={data.map((c) => [
            c.serial,
            frenchDate(c.distributedAt.slice(0, 10)),
            c.expiresOn ? frenchDate(c.expiresOn) : '—',
            contact(c),
          ])}
        />
      )}
    </>
  );
}
