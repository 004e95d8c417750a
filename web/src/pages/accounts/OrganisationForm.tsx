import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, type MouseEvent, useState } from 'react';
import { ORGANISATION_SECTORS, SECTOR_LABELS } from '../../../../src/modules/accounts/accounts.contract';
import { accountsApi, type Organisation } from '../../api/accounts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ROLE_LABELS } from '../../roles';
import type { ProgrammeRole } from '../../types';

const KINDS: ProgrammeRole[] = ['operator', 'funder', 'distributor', 'referrer', 'venue'];
type Sector = (typeof ORGANISATION_SECTORS)[number];

/**
 * Creates or edits an organisation: its name, its SIRET (checked by the server) and the roles it
 * plays. `kinds` fixed: the form only asks name and SIRET (a funder created from the programme form).
 */
export function OrganisationForm({
  organisation,
  kinds: fixedKinds,
  submitLabel,
  nested = false,
  onSaved,
}: {
  /** Inside another form (forms cannot nest): a group whose button saves it alone. */
  nested?: boolean;
  organisation?: Organisation;
  kinds?: ProgrammeRole[];
  submitLabel: string;
  onSaved: (o: Organisation) => void;
}) {
  const [name, setName] = useState(organisation?.name ?? '');
  const [siret, setSiret] = useState(organisation?.siret ?? '');
  const [kinds, setKinds] = useState<ProgrammeRole[]>(fixedKinds ?? organisation?.kinds ?? []);
  const [sectors, setSectors] = useState<Sector[]>(organisation?.sectors ?? []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent | MouseEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name, siret, kinds, sectors };
      const saved = organisation
        ? await accountsApi.updateOrganisation(organisation.id, body)
        : await accountsApi.createOrganisation(body);
      onSaved(saved);
      if (!organisation) {
        setName('');
        setSiret('');
        setKinds(fixedKinds ?? []);
        setSectors([]);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const Wrapper = nested ? 'div' : 'form';
  return (
    <Wrapper {...(nested ? {} : { onSubmit: submit })}>
      {error !== null && <ErrorAlert error={error} title="Organisation non enregistrée" />}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Nom de l'organisation"
            nativeInputProps={{ value: name, onChange: (e) => setName(e.target.value), required: true, maxLength: 200 }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="SIRET"
            hintText="14 chiffres, par exemple 130 008 097 00015"
            nativeInputProps={{
              value: siret,
              onChange: (e) => setSiret(e.target.value),
              required: true,
              inputMode: 'numeric',
              autoComplete: 'off',
            }}
          />
        </div>
      </div>
      {!fixedKinds && (
        <Checkbox
          legend="Rôles joués dans les programmes"
          hintText="Une personne de l'organisation ne peut recevoir que ces rôles."
          orientation="horizontal"
          options={KINDS.map((k) => ({
            label: ROLE_LABELS[k],
            nativeInputProps: {
              checked: kinds.includes(k),
              onChange: (e) => setKinds(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k)),
            },
          }))}
        />
      )}
      <Checkbox
        legend="Nature de la structure (pour l'annuaire des acteurs)"
        orientation="horizontal"
        small
        options={ORGANISATION_SECTORS.map((k) => ({
          label: SECTOR_LABELS[k],
          nativeInputProps: {
            checked: sectors.includes(k),
            onChange: (e) => setSectors(e.target.checked ? [...sectors, k] : sectors.filter((x) => x !== k)),
          },
        }))}
      />
      <Button type={nested ? 'button' : 'submit'} disabled={busy} onClick={nested ? (e) => void submit(e) : undefined}>
        {submitLabel}
      </Button>
    </Wrapper>
  );
}
