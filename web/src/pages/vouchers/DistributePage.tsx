import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useState } from 'react';
import { programmesApi } from '../../api/programmes';
import { type DistributionResult, vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProgrammeSelect } from '../../components/ProgrammeSelect';
import { frenchDate } from '../../labels';
import { distributesIn } from '../../roles';
import { useSession } from '../../session';
import { useLoad } from '../../useLoad';
import { LostCarnet } from './LostCarnet';
import { OrientationsInbox } from './Orientations';
import { beneficiaryOf, emptyPerson, PersonFields, personFormOf } from './PersonFields';

const empty = {
  ...emptyPerson,
  consentReminders: false,
  email: '',
  phone: '',
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
    try {
      const res = await vouchersApi.distribute(
        serial || stock.data?.[0] || '',
        {
          ...beneficiaryOf(person),
          consentReminders: person.consentReminders,
          email: person.consentReminders && person.email ? person.email : undefined,
          phone: person.consentReminders && person.phone ? person.phone : undefined,
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
  const field = (k: 'email' | 'phone' | 'deliveryEmail') => ({
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
      {mine.length > 1 && <ProgrammeSelect programmes={mine} value={current} onChange={setProgrammeId} />}
      {current && (
        <OrientationsInbox
          programmeId={current}
          version={version}
          onHand={(o) => {
            setPerson({ ...empty, ...personFormOf(o) });
            setVersion((v) => v + 1);
            document.getElementById('formulaire-remise')?.scrollIntoView();
          }}
        />
      )}
      {stock.data && stock.data.length === 0 && (
        <Alert severity="warning" small description="Votre stock est vide : demandez des carnets à l'opérateur." />
      )}
      {stock.data && stock.data.length > 0 && (
        <form onSubmit={submit} noValidate id="formulaire-remise">
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
          <PersonFields person={person} setPerson={setPerson} listId="communes-remise" resetKey={`remise-${version}`} />
          <Checkbox
            options={[
              {
                label:
                  "La personne accepte de recevoir des rappels (son nom, son adresse électronique et son téléphone s'il est donné sont alors conservés)",
                nativeInputProps: {
                  checked: person.consentReminders,
                  onChange: (e) => setPerson({ ...person, consentReminders: e.target.checked }),
                },
              },
            ]}
          />
          {person.consentReminders && (
            <>
              <Input label="Adresse électronique" nativeInputProps={{ ...field('email'), type: 'email' }} />
              <Input
                label="Téléphone mobile (facultatif)"
                hintText="Pour les rappels par SMS, si le programme en envoie"
                nativeInputProps={{ ...field('phone'), type: 'tel', autoComplete: 'tel' }}
              />
            </>
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
