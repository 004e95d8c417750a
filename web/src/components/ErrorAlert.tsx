import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { ApiError, issuesOf } from '../api/http';

/** Shows an API refusal: its French message, and the list of issues when it has some. */
export function ErrorAlert({ error, title = 'Action impossible' }: { error: unknown; title?: string }) {
  const message = error instanceof ApiError ? error.message : 'Une erreur inattendue est survenue.';
  const issues = issuesOf(error);
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
                <li key={`${i.path ?? i.field}-${i.message}`}>{i.message}</li>
              ))}
            </ul>
          )}
        </>
      }
      className="fr-mb-3w"
    />
  );
}
