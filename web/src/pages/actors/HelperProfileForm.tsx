import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useState } from 'react';
import { HELPER_ROLE_LABELS, HELPER_ROLES } from '../../../../src/modules/actors/actors.contract';
import { actorsApi, type HelperProfile, type HelperProfileInput } from '../../api/actors';
import { venuesApi } from '../../api/venues';
import { CommuneField } from '../../components/CommuneField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../useLoad';

type Role = (typeof HELPER_ROLES)[number];

/** One's own entry in the directory: what one does, where, for whom; seen by the territory's actors. */
export function HelperProfileForm({ onSaved }: { onSaved: () => void }) {
  const { data: vocabulary } = useLoad(() => venuesApi.vocabulary(), []);
  const { data: current } = useLoad(() => actorsApi.myProfile(), []);
  const [form, setForm] = useState({ role: 'aidant' as Role, activities: [] as string[], phone: '', listed: true });
  const [communes, setCommunes] = useState<HelperProfile['communes']>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!current) return;
    setForm({ role: current.role, activities: current.activities, phone: current.phone ?? '', listed: current.listed });
    setCommunes(current.communes);
  }, [current]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await actorsApi.saveProfile({
        role: form.role,
        // The boxes offer the vocabulary's services only.
        activities: form.activities as HelperProfileInput['activities'],
        communes: communes.map((c) => c.code),
        phone: form.phone,
        listed: form.listed,
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Ma fiche dans l'annuaire" className={fr.cx('fr-mt-4w')}>
      <h2 className="fr-h5">Ma fiche dans l'annuaire</h2>
      <p className="fr-text--sm">
        Visible des seuls acteurs connectés de votre territoire, jamais publiquement. Vous la corrigez ici à tout
        moment.
      </p>
      {saved && <Alert severity="success" small description="Fiche enregistrée." className={fr.cx('fr-mb-2w')} />}
      {error !== null && <ErrorAlert error={error} title="Fiche non enregistrée" />}
      <Select
        label="Je suis"
        nativeSelectProps={{ value: form.role, onChange: (e) => setForm({ ...form, role: e.target.value as Role }) }}
      >
        {HELPER_ROLES.map((r) => (
          <option key={r} value={r}>
            {HELPER_ROLE_LABELS[r]}
          </option>
        ))}
      </Select>
      <Checkbox
        legend="Ce que je fais"
        small
        options={(vocabulary?.services ?? []).map((s) => ({
          label: s,
          nativeInputProps: {
            checked: form.activities.includes(s),
            onChange: (e) =>
              setForm({
                ...form,
                activities: e.target.checked ? [...form.activities, s] : form.activities.filter((a) => a !== s),
              }),
          },
        }))}
      />
      <CommuneField
        label="Une commune où j'interviens"
        listId="communes-aidant"
        required={false}
        hintText="Ajoutez-en autant que nécessaire"
        onChange={(c) => {
          if (c && !communes.some((x) => x.code === c.code)) setCommunes([...communes, { code: c.code, name: c.name }]);
        }}
      />
      {communes.length > 0 && (
        <ul>
          {communes.map((c) => (
            <li key={c.code}>
              {c.name}{' '}
              <Button
                type="button"
                size="small"
                priority="tertiary"
                onClick={() => setCommunes(communes.filter((x) => x.code !== c.code))}
                title={`Retirer ${c.name}`}
              >
                Retirer
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Input
        label="Téléphone professionnel (facultatif)"
        nativeInputProps={{
          type: 'tel',
          value: form.phone,
          onChange: (e) => setForm({ ...form, phone: e.target.value }),
        }}
      />
      <Checkbox
        options={[
          {
            label: "Apparaître dans l'annuaire des acteurs",
            nativeInputProps: { checked: form.listed, onChange: (e) => setForm({ ...form, listed: e.target.checked }) },
          },
        ]}
      />
      <Button type="submit">Enregistrer ma fiche</Button>
    </form>
  );
}
