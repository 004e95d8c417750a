import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { type FormEvent, useState } from 'react';
import {
  AUTONOMY_LABELS,
  AUTONOMY_LEVELS,
  type AutonomyLevel,
} from '../../../../src/modules/evaluation/evaluation.contract';
import { evaluationApi } from '../../api/evaluation';
import { ErrorAlert } from '../../components/ErrorAlert';

/** The short anonymous questionnaire about the workshop a used pass paid for. */
export function EvaluationForm({ code, answered }: { code: string; answered: boolean }) {
  const [satisfaction, setSatisfaction] = useState<number | null>(null);
  const [before, setBefore] = useState<AutonomyLevel | null>(null);
  const [after, setAfter] = useState<AutonomyLevel | null>(null);
  const [recommend, setRecommend] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      // The server checks every answer and says in French what is missing.
      await evaluationApi.answer(code, {
        satisfaction: satisfaction as number,
        autonomyBefore: before as AutonomyLevel,
        autonomyAfter: after as AutonomyLevel,
        recommend: recommend as boolean,
        comment: comment.trim() || undefined,
      });
      setSent(true);
    } catch (err) {
      setError(err);
    }
  }

  if (sent)
    return (
      <Alert
        severity="success"
        as="h2"
        title="Merci pour votre avis"
        description="Il est anonyme : personne ne peut savoir que c'est vous qui l'avez donné."
        className={fr.cx('fr-my-3w')}
      />
    );
  const levels = (name: string, value: AutonomyLevel | null, set: (l: AutonomyLevel) => void) =>
    AUTONOMY_LEVELS.map((l) => ({
      label: AUTONOMY_LABELS[l],
      nativeInputProps: { name, checked: value === l, onChange: () => set(l) },
    }));
  return (
    <section className={fr.cx('fr-mt-4w')}>
      <h2>Votre avis sur l'atelier</h2>
      <p>
        Quelques questions, anonymes, pour améliorer les ateliers.
        {answered && ' Vous avez déjà répondu : une nouvelle réponse remplace la précédente.'}
      </p>
      {error !== null && <ErrorAlert error={error} title="Réponse non enregistrée" />}
      <form onSubmit={submit} noValidate>
        <RadioButtons
          legend="Êtes-vous satisfait de l'atelier ? (1 : pas du tout, 5 : tout à fait)"
          orientation="horizontal"
          options={[1, 2, 3, 4, 5].map((n) => ({
            label: String(n),
            nativeInputProps: { name: 'satisfaction', checked: satisfaction === n, onChange: () => setSatisfaction(n) },
          }))}
        />
        <RadioButtons
          legend="Avant l'atelier, sur ce sujet, vous étiez :"
          options={levels('avant', before, setBefore)}
        />
        <RadioButtons legend="Après l'atelier, vous êtes :" options={levels('apres', after, setAfter)} />
        <RadioButtons
          legend="Recommanderiez-vous cet atelier à un proche ?"
          orientation="horizontal"
          options={[
            {
              label: 'Oui',
              nativeInputProps: { name: 'recommande', checked: recommend === true, onChange: () => setRecommend(true) },
            },
            {
              label: 'Non',
              nativeInputProps: {
                name: 'recommande',
                checked: recommend === false,
                onChange: () => setRecommend(false),
              },
            },
          ]}
        />
        <Input
          label="Un commentaire ? (facultatif)"
          hintText="N'y écrivez ni votre nom ni vos coordonnées."
          textArea
          nativeTextAreaProps={{
            value: comment,
            maxLength: 1000,
            rows: 3,
            onChange: (e) => setComment(e.target.value),
          }}
        />
        <Button type="submit">Envoyer mon avis</Button>
      </form>
    </section>
  );
}
