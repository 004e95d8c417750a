import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { ApiError, issuesOf } from '../api/http';

/** Shows an API refusal: its French message, and the list of issues when it has some. */
export function ErrorAlert({ error, title = 'Action impossible' }: { error: unknown; title?: string }) {
  const issues = issuesOf(error);
  // Refused pass codes are each named beside their reason, once: the summary does not repeat one.
  const perCode = issues.length > 0 && issues.every((i) => i.code);
  const message = perCode
    ? `Aucun pass n'a été validé. ${issues.length > 1 ? 'Codes refusés' : 'Code refusé'} :`
    : error instanceof ApiError
      ? error.message
      : 'Une erreur inattendue est survenue.';
  return (
    <Alert
      severity="error"
      as="h2"
      title={title}
      description={
        <>
          <span>{message}</span>
          {issues.length > 0 && (
            <ul>
              {issues.map((i) => (
                <li key={`${i.code ?? i.path ?? i.field}-${i.message}`}>
                  {i.code ? (
                    <>
                      <strong>{i.code}</strong> : {i.message}
                    </>
                  ) : (
                    i.message
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      }
      className="fr-mb-3w"
    />
  );
}
