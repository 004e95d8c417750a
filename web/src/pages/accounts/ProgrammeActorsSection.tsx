import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { accountsApi, type ProgrammeActor } from '../../api/accounts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { ROLE_LABELS } from '../../roles';
import type { Programme, ProgrammeRole } from '../../types';
import { useLoad } from '../../useLoad';

const ROLES: ProgrammeRole[] = ['operator', 'funder', 'distributor', 'referrer', 'venue'];

/** Gives a role to a person: the organisation first (it must play the role), then one of its people. */
function GrantForm({ programmeId, onGranted }: { programmeId: string; onGranted: (text: string) => void }) {
  const [role, setRole] = useState<ProgrammeRole>('distributor');
  const [organisationId, setOrganisationId] = useState('');
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const orgs = useLoad(() => accountsApi.organisations(), []);
  const people = useLoad(
    () => (organisationId ? accountsApi.people(organisationId) : Promise.resolve([])),
    [organisationId],
  );
  const playing = (orgs.data ?? []).filter((o) => o.kinds.includes(role));
  const active = (people.data ?? []).filter((p) => p.status !== 'disabled');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await accountsApi.grantRole(programmeId, { userId, role });
      const person = active.find((p) => p.id === userId);
      onGranted(`${person?.displayName ?? 'La personne'} est désormais ${ROLE_LABELS[role].toLowerCase()}.`);
      setUserId('');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit}>
      {error !== null && <ErrorAlert error={error} title="Rôle non donné" />}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select
            label="Rôle"
            nativeSelectProps={{
              value: role,
              onChange: (e) => {
                setRole(e.target.value as ProgrammeRole);
                setOrganisationId('');
                setUserId('');
              },
            }}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select
            label="Organisation"
            hint="Celles qui jouent ce rôle"
            nativeSelectProps={{
              value: organisationId,
              required: true,
              onChange: (e) => {
                setOrganisationId(e.target.value);
                setUserId('');
              },
            }}
          >
            <option value="">Choisir</option>
            {playing.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select
            label="Personne"
            hint={
              organisationId && active.length === 0 ? "Invitez d'abord une personne" : 'Un compte de cette organisation'
            }
            nativeSelectProps={{ value: userId, required: true, onChange: (e) => setUserId(e.target.value) }}
          >
            <option value="">Choisir</option>
            {active.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName} ({p.email})
              </option>
            ))}
          </Select>
        </div>
      </div>
      <Button type="submit">Donner le rôle</Button>{' '}
      <Link to="/organisations" className={fr.cx('fr-link', 'fr-ml-2w')}>
        Enregistrer une organisation ou inviter une personne
      </Link>
    </form>
  );
}

/** Who plays which role in the programme, and the operator's hand on it. */
export function ProgrammeActorsSection({ programme }: { programme: Programme }) {
  const actors = useLoad(() => accountsApi.programmeActors(programme.id), [programme.id]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function revoke(a: ProgrammeActor) {
    setError(null);
    try {
      await accountsApi.revokeRole(programme.id, { userId: a.userId, role: a.role });
      setMessage(`${a.displayName} n'est plus ${ROLE_LABELS[a.role].toLowerCase()}.`);
      actors.reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section className={fr.cx('fr-mt-4w')}>
      <h2>Acteurs du programme</h2>
      {message && <Alert severity="success" small description={message} className={fr.cx('fr-mb-2w')} />}
      {error !== null && <ErrorAlert error={error} />}
      {actors.error !== null && <ErrorAlert error={actors.error} title="Chargement impossible" />}
      {actors.data && (
        <Table
          caption="Rôles donnés dans ce programme"
          headers={['Rôle', 'Personne', 'Organisation', 'Action']}
          data={actors.data.map((a) => [
            ROLE_LABELS[a.role],
            `${a.displayName} (${a.email})${a.disabled ? ' — compte désactivé' : ''}`,
            <Link key="o" to={`/organisations/${a.organisationId}`}>
              {a.organisationName}
            </Link>,
            <Button key="r" size="small" priority="tertiary" onClick={() => void revoke(a)}>
              {`Retirer le rôle de ${a.displayName}`}
            </Button>,
          ])}
        />
      )}
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Donner un rôle</h3>
      <GrantForm
        programmeId={programme.id}
        onGranted={(text) => {
          setMessage(text);
          actors.reload();
        }}
      />
    </section>
  );
}
