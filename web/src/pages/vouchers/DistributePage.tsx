import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useState } from 'react';
import { programmesApi } from '../../api/programmes';
import { type Beneficiary, type DistributionResult, vouchersApi } from '../../api/vouchers';
import { CommuneField } from '../../components/CommuneField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CATEGORY_LABELS, frenchDate } from '../../labels';
import { distributesIn } from '../../roles';
import { useSession } from '../../session';
import { useLoad } from '../../useLoad';
import { LostCarnet } from './LostCarnet';

const empty = {
  firstName: '',
  lastName: '',
  birthDate: '',
  communeInsee: '',
  publicCategory: '',
  sex: '',
  consentReminders: false,
  email: '',
  byEmail: false,
  deliveryEmail: '',
};

/** A distributor hands a carnet of its stock to a person, with the minimum of personal data. */
export function DistributePage() {
  const { me } = useSession();
  const programmes = useLoad(() => programmesApi.list(), []);
  const mine = programmes.data?.filter((p) => me !== null && distributesIn(me, p.id)) ?? [];
  const [programmeId, setProgrammeId] = useState('');
  const current = programmeId || mine[0]?.id || '';
  const [version, setVersion] = useState(0);
  const stock = useLoad(
    () => (current ? vouchersApi.carnetsInStock(current, 50) : Promise.resolve([])),
    [current, version],
  );
  const [serial, setSerial] = useState('');
  const [person, setPerson] = useState(empty);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<DistributionResult | null>(null);
  useEffect(() => {
    document.title = 'Remettre un carnet — Passnum';
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    const [y, m, d] = person.birthDate.split('-').map(Number);
    try {
      const res = await vouchersApi.distribute(
        serial || stock.data?.[0] || '',
        {
          firstName: person.firstName,
          lastName: person.lastName,
          birthYear: y as number,
          birthMonth: m as number,
          birthDay: d,
          communeInsee: person.communeInsee.trim(),
          // The select offers the contract's categories only; the server validates it anyway.
          publicCategory: person.publicCategory as Beneficiary['publicCategory'],
          sex: (person.sex || undefined) as Beneficiary['sex'],
          consentReminders: person.consentReminders,
          email: person.consentReminders && person.email ? person.email : undefined,
        },
        person.byEmail ? { mode: 'email', email: person.deliveryEmail } : { mode: 'paper' },
      );
      setDone(res);
      setPerson(empty);
      setSerial('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    }
  }
  const field = (k: 'firstName' | 'lastName' | 'birthDate' | 'email' | 'deliveryEmail') => ({
    value: person[k],
    onChange: (e: { target: { value: string } }) => setPerson({ ...person, [k]: e.target.value }),
  });

  return (
    <>
      <h1>Remettre un carnet</h1>
      <p>
        Vérifiez l'éligibilité de la personne : la plateforme contrôle les critères du programme et qu'elle n'a pas déjà
        reçu de carnet. Son nom ne sert qu'à ce contrôle et n'est conservé qu'avec son accord.
      </p>
      {done && (
        <Alert
          severity="success"
          title={`Carnet ${done.serial} remis`}
          description={`${done.passes.length} pass valables jusqu'au ${frenchDate(done.expiresOn)}.`}
          className="fr-mb-3w"
          as="h2"
        />
      )}
      {error !== null && <ErrorAlert error={error} title="Remise impossible" />}
      {mine.length > 1 && (
        <Select
          label="Programme"
          nativeSelectProps={{ value: current, onChange: (e) => setProgrammeId(e.target.value) }}
        >
          {mine.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      )}
      {stock.data && stock.data.length === 0 && (
        <Alert severity="warning" small description="Votre stock est vide : demandez des carnets à l'opérateur." />
      )}
      {stock.data && stock.data.length > 0 && (
        <form onSubmit={submit} noValidate>
          <Select
            label="Carnet"
            hint={`${stock.data.length} carnet(s) disponible(s)`}
            nativeSelectProps={{ value: serial || stock.data[0], onChange: (e) => setSerial(e.target.value) }}
          >
            {stock.data.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <Input label="Prénom" nativeInputProps={{ ...field('firstName'), autoComplete: 'off' }} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <Input label="Nom" nativeInputProps={{ ...field('lastName'), autoComplete: 'off' }} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <Input label="Date de naissance" nativeInputProps={{ ...field('birthDate'), type: 'date' }} />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <CommuneField
                key={`commune-${version}`}
                label="Commune de résidence"
                listId="communes-remise"
                onChange={(c) => setPerson((p) => ({ ...p, communeInsee: c?.code ?? '' }))}
              />
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <Select
                label="Situation"
                nativeSelectProps={{
                  value: person.publicCategory,
                  onChange: (e) => setPerson({ ...person, publicCategory: e.target.value }),
                }}
              >
                <option value="">Choisir</option>
                {Object.entries(CATEGORY_LABELS).map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </Select>
            </div>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <Select
                label="Sexe (facultatif)"
                nativeSelectProps={{
                  value: person.sex,
                  onChange: (e) => setPerson({ ...person, sex: e.target.value }),
                }}
              >
                <option value="">Non renseigné</option>
                <option value="F">Femme</option>
                <option value="M">Homme</option>
                <option value="X">Autre</option>
              </Select>
            </div>
          </div>
          <Checkbox
            options={[
              {
                label:
                  'La personne accepte de recevoir des rappels (son nom et son adresse électronique sont alors conservés)',
                nativeInputProps: {
                  checked: person.consentReminders,
                  onChange: (e) => setPerson({ ...person, consentReminders: e.target.checked }),
                },
              },
            ]}
          />
          {person.consentReminders && (
            <Input label="Adresse électronique" nativeInputProps={{ ...field('email'), type: 'email' }} />
          )}
          <RadioButtons
            legend="Remise"
            orientation="horizontal"
            options={[
              {
                label: 'Carnet papier remis en main propre',
                nativeInputProps: {
                  checked: !person.byEmail,
                  onChange: () => setPerson({ ...person, byEmail: false }),
                },
              },
              {
                label: 'Pass envoyés par courriel (liens et QR codes)',
                nativeInputProps: { checked: person.byEmail, onChange: () => setPerson({ ...person, byEmail: true }) },
              },
            ]}
          />
          {person.byEmail && (
            <Input
              label="Adresse électronique d'envoi"
              hintText="Utilisée pour cet envoi seulement, puis effacée"
              nativeInputProps={{ ...field('deliveryEmail'), type: 'email' }}
            />
          )}
          <Button type="submit">Remettre le carnet</Button>
        </form>
      )}
      {current && <LostCarnet stock={stock.data ?? []} onReplaced={() => setVersion((v) => v + 1)} />}
    </>
  );
}
