import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { accountsApi } from '../api/accounts';
import { programmesApi } from '../api/programmes';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { TerritoryPicker } from '../components/TerritoryPicker';
import { CATEGORY_LABELS } from '../labels';
import { useSession } from '../session';
import type { Organisation } from '../types';
import { OrganisationForm } from './accounts/OrganisationForm';
import { emptyForm, formOf, list, type ProgrammeForm, payloadOf } from './programmeForm';

export function ProgrammeEditPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [form, setForm] = useState<ProgrammeForm | null>(id ? null : emptyForm());
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const { me } = useSession();
  const [newFunder, setNewFunder] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${id ? 'Modifier le programme' : 'Nouveau programme'} — Passnum`;
    accountsApi.organisations().then(setOrganisations).catch(setError);
    if (id) programmesApi.get(id).then((p) => setForm(formOf(p)), setError);
  }, [id]);

  if (!form) return error ? <ErrorAlert error={error} /> : <Loading />;
  const funders = organisations.filter((o) => o.kinds.includes('funder'));
  const operators = organisations.filter((o) => o.kinds.includes('operator'));
  const set = <K extends keyof ProgrammeForm>(k: K, v: ProgrammeForm[K]) => setForm({ ...form, [k]: v });
  const text = (k: keyof ProgrammeForm) => ({
    value: form[k] as string,
    onChange: (e: { target: { value: string } }) => set(k, e.target.value as never),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(null);
    try {
      // The operator is chosen once, at creation.
      const { operatorOrganisationId: _operator, ...patch } = payloadOf(form);
      const saved = id ? await programmesApi.update(id, patch) : await programmesApi.create(payloadOf(form));
      navigate(`/programmes/${saved.id}`);
    } catch (err) {
      setError(err);
      window.scrollTo(0, 0);
    } finally {
      setBusy(false);
    }
  }

  const col = (md: 4 | 6 | 12) => fr.cx('fr-col-12', `fr-col-md-${md}`);
  return (
    <>
      <h1>{id ? 'Modifier le programme' : 'Nouveau programme'}</h1>
      {error !== null && <ErrorAlert error={error} title="Enregistrement impossible" />}
      <form onSubmit={submit} noValidate>
        <fieldset className={fr.cx('fr-fieldset')}>
          <legend className={fr.cx('fr-fieldset__legend')}>Identité</legend>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')} style={{ width: '100%' }}>
            <div className={col(6)}>
              <Input label="Nom du programme" nativeInputProps={{ ...text('name'), required: true }} />
            </div>
            <div className={col(6)}>
              <Input
                label="Code"
                hintText="Préfixe des numéros de carnet, par exemple BFC22"
                nativeInputProps={{ ...text('code'), required: true }}
              />
            </div>
            {!id && me?.isAdmin && (
              <div className={col(6)}>
                <Select
                  label="Opérateur du programme"
                  hint="L'organisation qui le pilotera ; donnez ensuite le rôle d'opérateur à ses personnes (onglet Acteurs)."
                  nativeSelectProps={{
                    value: form.operatorOrganisationId,
                    onChange: (e) => set('operatorOrganisationId', e.target.value),
                  }}
                >
                  <option value="">Mon organisation</option>
                  {operators.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </Select>
              </div>
            )}
          </div>
        </fieldset>
        <fieldset className={fr.cx('fr-fieldset')}>
          <legend className={fr.cx('fr-fieldset__legend')}>Territoire</legend>
          <TerritoryPicker
            value={{
              regions: list(form.regions),
              departements: list(form.departements),
              communes: list(form.communes),
            }}
            onChange={(t) =>
              setForm({
                ...form,
                regions: t.regions.join(', '),
                departements: t.departements.join(', '),
                communes: t.communes.join(', '),
              })
            }
          />
        </fieldset>
        <fieldset className={fr.cx('fr-fieldset')}>
          <legend className={fr.cx('fr-fieldset__legend')}>Budget et pass</legend>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')} style={{ width: '100%' }}>
            <div className={col(4)}>
              <Input label="Enveloppe (€)" nativeInputProps={{ ...text('envelope'), inputMode: 'decimal' }} />
            </div>
            <div className={col(4)}>
              <Input
                label="Part d'ingénierie (€)"
                nativeInputProps={{ ...text('engineering'), inputMode: 'decimal' }}
              />
            </div>
            <div className={col(4)}>
              <Input label="Valeur d'un pass (€)" nativeInputProps={{ ...text('faceValue'), inputMode: 'decimal' }} />
            </div>
            <div className={col(4)}>
              <Input
                label="Pass par carnet"
                nativeInputProps={{ ...text('passesPerCarnet'), type: 'number', min: 1 }}
              />
            </div>
            <div className={col(4)}>
              <Input
                label="Validité (mois après la remise)"
                hintText="Laisser vide pour valider jusqu'à la fin du programme"
                nativeInputProps={{ ...text('validityMonths'), type: 'number', min: 1 }}
              />
            </div>
            <div className={col(4)}>
              <Input
                label="Carnets par personne"
                nativeInputProps={{ ...text('maxCarnetsPerPerson'), type: 'number', min: 1 }}
              />
            </div>
            <div className={col(4)}>
              <Input
                label="Conservation des données personnelles (mois)"
                hintText="Après la remise du carnet ; ensuite noms et contacts sont effacés"
                nativeInputProps={{ ...text('personalDataRetentionMonths'), type: 'number', min: 1, max: 120 }}
              />
            </div>
            <div className={col(6)}>
              <Input label="Début" nativeInputProps={{ ...text('startDate'), type: 'date' }} />
            </div>
            <div className={col(6)}>
              <Input label="Fin" nativeInputProps={{ ...text('endDate'), type: 'date' }} />
            </div>
          </div>
        </fieldset>
        <fieldset className={fr.cx('fr-fieldset')}>
          <legend className={fr.cx('fr-fieldset__legend')}>Financeurs (les parts totalisent 100 %)</legend>
          {form.funders.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: funder rows being edited have no identity but their place.
            <div key={`funder-${i}`} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')} style={{ width: '100%' }}>
              <div className={col(4)}>
                <Select
                  label={`Financeur ${i + 1}`}
                  nativeSelectProps={{
                    value: f.organisationId,
                    onChange: (e) =>
                      set(
                        'funders',
                        form.funders.map((x, j) => (j === i ? { ...x, organisationId: e.target.value } : x)),
                      ),
                  }}
                >
                  <option value="">Choisir une organisation</option>
                  {funders.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </Select>
              </div>
              <div className={col(4)}>
                <Select
                  label={`Le financeur ${i + 1} paie sa part`}
                  nativeSelectProps={{
                    value: f.basis,
                    onChange: (e) =>
                      set(
                        'funders',
                        form.funders.map((x, j) =>
                          j === i ? { ...x, basis: e.target.value === 'used' ? 'used' : 'issued' } : x,
                        ),
                      ),
                  }}
                >
                  <option value="issued">des pass engagés</option>
                  <option value="used">des pass utilisés seulement (cas de l'État)</option>
                </Select>
              </div>
              <div className={col(4)}>
                <Input
                  label={`Part du financeur ${i + 1} (%)`}
                  nativeInputProps={{
                    value: f.share,
                    inputMode: 'decimal',
                    onChange: (e) =>
                      set(
                        'funders',
                        form.funders.map((x, j) => (j === i ? { ...x, share: e.target.value } : x)),
                      ),
                  }}
                />
              </div>
            </div>
          ))}
          <Button
            type="button"
            priority="tertiary"
            iconId="fr-icon-add-line"
            onClick={() => set('funders', [...form.funders, { organisationId: '', share: '', basis: 'issued' }])}
          >
            Ajouter un financeur
          </Button>
          <Button
            type="button"
            priority="tertiary"
            iconId="fr-icon-building-line"
            nativeButtonProps={{ 'aria-expanded': newFunder, 'aria-controls': 'nouveau-financeur' }}
            onClick={() => setNewFunder(!newFunder)}
          >
            Le financeur n'est pas dans la liste ? L'enregistrer
          </Button>
          <div id="nouveau-financeur" hidden={!newFunder} className={fr.cx('fr-mt-2w')} style={{ width: '100%' }}>
            <OrganisationForm
              nested
              kinds={['funder']}
              submitLabel="Enregistrer ce financeur"
              onSaved={(o) => {
                setOrganisations([...organisations, o]);
                setNewFunder(false);
                const empty = form.funders.findIndex((f) => !f.organisationId);
                set(
                  'funders',
                  empty >= 0
                    ? form.funders.map((f, j) => (j === empty ? { ...f, organisationId: o.id } : f))
                    : [...form.funders, { organisationId: o.id, share: '', basis: 'issued' }],
                );
              }}
            />
          </div>
        </fieldset>
        <fieldset className={fr.cx('fr-fieldset')}>
          <legend className={fr.cx('fr-fieldset__legend')}>
            Éligibilité (une personne remplissant l'une des règles est éligible)
          </legend>
          {form.eligibility.map((r, i) => {
            const update = (patch: Partial<typeof r>) =>
              set(
                'eligibility',
                form.eligibility.map((x, j) => (j === i ? { ...x, ...patch } : x)),
              );
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rules have no identity but their place.
              <div key={`rule-${i}`} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')} style={{ width: '100%' }}>
                <div className={col(4)}>
                  <Input
                    label={`Règle ${i + 1} : âge minimum`}
                    nativeInputProps={{
                      value: r.ageMin,
                      type: 'number',
                      onChange: (e) => update({ ageMin: e.target.value }),
                    }}
                  />
                </div>
                <div className={col(4)}>
                  <Input
                    label={`Règle ${i + 1} : âge maximum`}
                    nativeInputProps={{
                      value: r.ageMax,
                      type: 'number',
                      onChange: (e) => update({ ageMax: e.target.value }),
                    }}
                  />
                </div>
                <div className={col(12)}>
                  <Checkbox
                    legend={`Règle ${i + 1} : publics (aucun coché : tous)`}
                    orientation="horizontal"
                    small
                    options={Object.entries(CATEGORY_LABELS).map(([code, label]) => ({
                      label,
                      nativeInputProps: {
                        value: code,
                        checked: r.categories.includes(code),
                        onChange: (e) =>
                          update({
                            categories: e.target.checked
                              ? [...r.categories, code]
                              : r.categories.filter((c) => c !== code),
                          }),
                      },
                    }))}
                  />
                </div>
              </div>
            );
          })}
          <Button
            type="button"
            priority="tertiary"
            iconId="fr-icon-add-line"
            onClick={() => set('eligibility', [...form.eligibility, { ageMin: '', ageMax: '', categories: [] }])}
          >
            Ajouter une règle
          </Button>
        </fieldset>
        <RadioButtons
          legend="Prescription"
          options={[
            {
              label: 'Ouverte : tout prescripteur du programme remet des carnets',
              nativeInputProps: {
                checked: form.prescriptionMode === 'open',
                onChange: () => set('prescriptionMode', 'open'),
              },
            },
            {
              label: 'Restreinte : seuls les prescripteurs désignés remettent, les autres orientent',
              nativeInputProps: {
                checked: form.prescriptionMode === 'restricted',
                onChange: () => set('prescriptionMode', 'restricted'),
              },
            },
          ]}
        />
        <Checkbox
          options={[
            {
              label: 'Qualifier un lieu seulement si une de ses personnes a suivi un parcours de formation des aidants',
              nativeInputProps: {
                checked: form.requiresTrainedAidant,
                onChange: (e) => set('requiresTrainedAidant', e.target.checked),
              },
            },
          ]}
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer'}
        </Button>
      </form>
    </>
  );
}
