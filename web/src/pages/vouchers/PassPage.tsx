import { fr } from '@codegouvfr/react-dsfr';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { euros, frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';
import { NearbyVenues } from '../venues/NearbyVenues';
import { EvaluationForm } from './EvaluationForm';

const STATE: Record<string, string> = {
  issued: "Ce pass n'a pas encore été remis.",
  distributed: 'Ce pass est valable.',
  redeemed: 'Ce pass a été utilisé.',
  reimbursed: 'Ce pass a été utilisé.',
  cancelled: 'Ce pass a été annulé.',
  expired: 'Ce pass a expiré.',
};

/** The beneficiary's page, reached by the QR code: no account, no personal data. */
export function PassPage() {
  const { code = '' } = useParams();
  const { data, error, loading } = useLoad(() => vouchersApi.lookUp(code), [code]);
  useEffect(() => {
    document.title = 'Mon Pass numérique — Passnum';
  }, []);
  if (loading) return <Loading />;
  if (error !== null || !data) {
    return (
      <>
        <h1>Mon Pass numérique</h1>
        <ErrorAlert error={error} title="Pass introuvable" />
      </>
    );
  }
  return (
    <>
      <h1>Mon Pass numérique</h1>
      <p className={fr.cx('fr-text--lead')}>{data.programme}</p>
      <p>{STATE[data.state] ?? data.state}</p>
      <ul>
        <li>Valeur d'un pass : {euros(data.faceValueCents)}</li>
        <li>
          Pass encore utilisables dans votre carnet : <strong>{data.passesLeftInCarnet}</strong>
        </li>
        {data.expiresOn && <li>Valables jusqu'au {frenchDate(data.expiresOn)}</li>}
      </ul>
      {data.evaluable && <EvaluationForm code={code} answered={data.evaluated} />}
      <p>Présentez vos pass dans un lieu de médiation numérique qualifié pour suivre un atelier.</p>
      <NearbyVenues programmeId={data.programmeId} />
    </>
  );
}
