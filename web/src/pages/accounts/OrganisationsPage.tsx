import { fr } from '@codegouvfr/react-dsfr';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { accountsApi } from '../../api/accounts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Table } from '../../components/Table';
import { canCreateProgramme, ROLE_LABELS } from '../../roles';
import { useSession } from '../../session';
import { useLoad } from '../../useLoad';
import { OrganisationForm } from './OrganisationForm';

const normalise = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The organisations the user sees: all for an admin, those of an operator's programmes, or one's own. */
export function OrganisationsPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const orgs = useLoad(() => accountsApi.organisations(), []);
  useEffect(() => {
    document.title = 'Organisations — Passnum';
  }, []);
  const wanted = normalise(search.trim());
  const shown = (orgs.data ?? []).filter(
    (o) => !wanted || normalise(o.name).includes(wanted) || o.siret.includes(wanted.replace(/\s/g, '')),
  );
  return (
    <>
      <h1>Organisations</h1>
      <p>Les structures qui financent, pilotent, prescrivent, orientent ou accueillent, et leurs comptes.</p>
      <Input
        label="Rechercher"
        hintText="Par nom ou SIRET"
        nativeInputProps={{
          type: 'search',
          value: search,
          onChange: (e) => setParams(e.target.value ? { q: e.target.value } : {}, { replace: true }),
        }}
      />
      {orgs.loading && <Loading />}
      {orgs.error !== null && <ErrorAlert error={orgs.error} title="Chargement impossible" />}
      {orgs.data && shown.length === 0 && <p>Aucune organisation ne correspond.</p>}
      {shown.length > 0 && (
        <Table
          caption={`${shown.length} organisation${shown.length > 1 ? 's' : ''}`}
          headers={['Nom', 'SIRET', 'Rôles', 'Comptes actifs']}
          data={shown.map((o) => [
            <Link key="n" to={`/organisations/${o.id}`}>
              {o.name}
            </Link>,
            o.siret,
            o.kinds.map((k) => ROLE_LABELS[k]).join(', '),
            String(o.people),
          ])}
        />
      )}
      {me && canCreateProgramme(me) && (
        <section className={fr.cx('fr-mt-6w')}>
          <h2>Enregistrer une organisation</h2>
          <OrganisationForm submitLabel="Enregistrer" onSaved={(o) => navigate(`/organisations/${o.id}`)} />
        </section>
      )}
    </>
  );
}
