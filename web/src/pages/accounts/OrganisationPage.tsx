import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { accountsApi, type OrganisationPerson } from '../../api/accounts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Table } from '../../components/Table';
import { canCreateProgramme, ROLE_LABELS } from '../../roles';
import { useSession } from '../../session';
import { useLoad } from '../../useLoad';
import { OrganisationForm } from './OrganisationForm';

const STATUS: Record<OrganisationPerson['status'], { label: string; severity: 'success' | 'info' | 'warning' }> = {
  active: { label: 'Actif', severity: 'success' },
  invited: { label: 'Invité', severity: 'info' },
  disabled: { label: 'Désactivé', severity: 'warning' },
};

function InviteForm({ organisationId, onInvited }: { organisationId: string; onInvited: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await accountsApi.invite(organisationId, { email, displayName });
      onInvited(email);
      setEmail('');
      setDisplayName('');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit}>
      {error !== null && <ErrorAlert error={error} title="Invitation impossible" />}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Prénom et nom"
            nativeInputProps={{ value: displayName, onChange: (e) => setDisplayName(e.target.value), required: true }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Adresse électronique"
            nativeInputProps={{
              type: 'email',
              value: email,
              onChange: (e) => setEmail(e.target.value),
              required: true,
            }}
          />
        </div>
      </div>
      <Button type="submit">Inviter</Button>
    </form>
  );
}

/** One organisation: its details, its people and their roles, invitations and deactivation. */
export function OrganisationPage() {
  const { id = '' } = useParams();
  const { me } = useSession();
  const orgs = useLoad(() => accountsApi.organisations(), []);
  const people = useLoad(() => accountsApi.people(id), [id]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const org = orgs.data?.find((o) => o.id === id);
  useEffect(() => {
    document.title = `${org?.name ?? 'Organisation'} — Passnum`;
  }, [org]);
  if (orgs.loading) return <Loading />;
  if (!org) return <ErrorAlert error={orgs.error} title="Organisation introuvable" />;

  async function toggle(p: OrganisationPerson) {
    setError(null);
    setMessage(null);
    try {
      await accountsApi.setDisabled(p.id, p.status !== 'disabled');
      setMessage(
        p.status === 'disabled'
          ? `${p.displayName} peut de nouveau se connecter.`
          : `${p.displayName} ne peut plus se connecter.`,
      );
      people.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>{org.name}</h1>
      <p>
        SIRET {org.siret} — {org.kinds.map((k) => ROLE_LABELS[k]).join(', ')}
      </p>
      {message && <Alert severity="success" small description={message} className={fr.cx('fr-mb-2w')} />}
      {error !== null && <ErrorAlert error={error} />}
      <h2>Comptes</h2>
      {people.error !== null && <ErrorAlert error={people.error} title="Comptes non visibles" />}
      {people.data?.length === 0 && <p>Aucun compte pour l'instant.</p>}
      {people.data && people.data.length > 0 && (
        <Table
          caption={`Comptes de ${org.name}`}
          headers={['Nom', 'Adresse', 'État', 'Rôles', 'Action']}
          data={people.data.map((p) => [
            p.displayName,
            p.email,
            <Badge key="s" severity={STATUS[p.status].severity} small>
              {STATUS[p.status].label}
            </Badge>,
            p.roles.map((r) => `${ROLE_LABELS[r.role]} — ${r.programmeName}`).join(' ; ') || 'Aucun',
            p.id === me?.userId ? (
              'Vous'
            ) : (
              <Button key="a" size="small" priority="secondary" onClick={() => void toggle(p)}>
                {p.status === 'disabled' ? `Réactiver ${p.displayName}` : `Désactiver ${p.displayName}`}
              </Button>
            ),
          ])}
        />
      )}
      <h2 className={fr.cx('fr-mt-4w')}>Inviter une personne</h2>
      <p>Elle reçoit un courriel avec un lien, valable 14 jours, pour choisir son mot de passe.</p>
      <InviteForm
        organisationId={org.id}
        onInvited={(email) => {
          setMessage(`Invitation envoyée à ${email}.`);
          people.reload();
        }}
      />
      {me && canCreateProgramme(me) && (
        <section className={fr.cx('fr-mt-6w')}>
          <h2>Modifier l'organisation</h2>
          <OrganisationForm
            organisation={org}
            submitLabel="Enregistrer les modifications"
            onSaved={() => {
              setMessage('Organisation modifiée.');
              orgs.reload();
            }}
          />
        </section>
      )}
    </>
  );
}
