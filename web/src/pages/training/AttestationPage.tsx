import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { trainingApi } from '../../api/training';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { frenchDate } from '../../labels';
import { useLoad } from '../../useLoad';

/** The public address printed on an attestation: anyone confirms it is genuine, and what it says. */
export function AttestationPage() {
  const { code = '' } = useParams();
  const { data, error, loading } = useLoad(() => trainingApi.verify(code), [code]);
  useEffect(() => {
    document.title = 'Vérifier une attestation de formation — Passnum';
  }, []);
  return (
    <>
      <h1>Vérifier une attestation de formation</h1>
      <p>Code : {code}</p>
      {loading && <Loading />}
      {error !== null && <ErrorAlert error={error} title="Attestation introuvable" />}
      {data && (
        <Alert
          severity="success"
          as="h2"
          title="Attestation authentique"
          description={`${data.holderName} (${data.organisationName}) a suivi le parcours « ${data.pathTitle} » ; attestation délivrée le ${frenchDate(data.issuedOn)}.`}
        />
      )}
    </>
  );
}
