import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { type FormEvent, useEffect, useState } from 'react';
import { programmesApi } from '../../api/programmes';
import { vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProgrammeSelect } from '../../components/ProgrammeSelect';
import { rolesOf } from '../../roles';
import { useSession } from '../../session';
import { useLoad } from '../../useLoad';
import { MyOrientations } from './Orientations';
import { beneficiaryOf, emptyPerson, PersonFields } from './PersonFields';

/** A referrer orients an eligible person to the designated prescribers, with the person's consent. */
export function OrientPage() {
  const { me } = useSession();
  const programmes = useLoad(() => programmesApi.list(), []);
  const mine = programmes.data?.filter((p) => me !== null && rolesOf(me, p.id).has('referrer')) ?? [];
  const [programmeId, setProgrammeId] = useState('');
  const current = programmeId || mine[0]?.id || '';
  const [person, setPerson] = useState(emptyPerson);
  const [consent, setConsent] = useState(false);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Orienter une personne — Passnum';
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (!consent) {
      setError(new Error('consent'));
      return;
    }
    try {
      const res = await vouchersApi.orient(current, beneficiaryOf(person));
      setDone(
        `${person.firstName} ${person.lastName} est orientée vers : ${res.prescribers.map((p) => p.name).join(', ')}. Vous verrez ici la suite donnée.`,
      );
      setPerson(emptyPerson);
      setConsent(false);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Orienter une personne</h1>
      <p>
        Dans ce programme, seuls les prescripteurs désignés remettent les carnets. Vérifiez ici l'éligibilité de la
        personne et transmettez-leur sa demande : ils la retrouveront sans avoir à tout ressaisir.
      </p>
      {done && <Alert severity="success" small description={done} className="fr-mb-3w" />}
      {error !== null &&
        (error instanceof Error && error.message === 'consent' ? (
          <Alert
            severity="error"
            small
            description="L'accord de la personne est nécessaire pour transmettre ses données."
            className="fr-mb-3w"
          />
        ) : (
          <ErrorAlert error={error} title="Orientation impossible" />
        ))}
      {mine.length > 1 && <ProgrammeSelect programmes={mine} value={current} onChange={setProgrammeId} />}
      <form onSubmit={submit} noValidate>
        <PersonFields person={person} setPerson={setPerson} listId="communes-orientation" resetKey={`o-${version}`} />
        <Checkbox
          options={[
            {
              label: 'La personne accepte que ces informations soient transmises au prescripteur',
              hintText:
                'Elles sont effacées dès que le carnet est remis ou la demande close, et au plus tard après 90 jours.',
              nativeInputProps: { checked: consent, onChange: (e) => setConsent(e.target.checked) },
            },
          ]}
        />
        <Button type="submit">Orienter</Button>
      </form>
      <h2 className="fr-mt-6w">Suite de mes orientations</h2>
      {current && <MyOrientations programmeId={current} version={version} />}
    </>
  );
}
