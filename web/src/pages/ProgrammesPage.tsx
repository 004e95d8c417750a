import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { programmesApi } from '../api/programmes';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Table } from '../components/Table';
import { euros, frenchDate } from '../labels';
import { canCreateProgramme } from '../roles';
import { useSession } from '../session';
import { useLoad } from '../useLoad';

export function ProgrammesPage() {
  const { me } = useSession();
  const { data, error, loading } = useLoad(() => programmesApi.list(), []);
  useEffect(() => {
    document.title = 'Programmes — Passnum';
  }, []);
  const canCreate = me !== null && canCreateProgramme(me);
  return (
    <>
      <h1>Programmes</h1>
      {canCreate && (
        <Button iconId="fr-icon-add-line" linkProps={{ to: '/programmes/nouveau' }} className="fr-mb-3w">
          Nouveau programme
        </Button>
      )}
      {loading && <Loading />}
      {error !== null && <ErrorAlert error={error} title="Chargement impossible" />}
      {data && data.length === 0 && <p>Vous ne participez encore à aucun programme.</p>}
      {data && data.length > 0 && (
        <Table
          caption="Programmes auxquels vous avez accès"
          headers={['Programme', 'Code', 'Opérateur', 'Enveloppe', 'Période', 'Prescription']}
          data={data.map((p) => [
            <Link key={p.id} to={`/programmes/${p.id}`}>
              {p.name}
            </Link>,
            p.code,
            p.operatorName,
            euros(p.envelopeCents),
            `${frenchDate(p.startDate)} – ${frenchDate(p.endDate)}`,
            p.prescriptionMode === 'open' ? 'Ouverte' : 'Restreinte',
          ])}
        />
      )}
    </>
  );
}
