import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { EmailStatus } from '../../../../src/modules/mail/outbox.contract';
import { emailsApi, type OutboxEmail } from '../../api/emails';
import { programmesApi } from '../../api/programmes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ProgrammeSelect } from '../../components/ProgrammeSelect';
import { useLoad } from '../../useLoad';

const STATUS: Record<EmailStatus, { label: string; severity: 'info' | 'success' | 'error' | 'new' }> = {
  pending: { label: 'En attente', severity: 'info' },
  sent: { label: 'Envoyé', severity: 'success' },
  failed: { label: 'En échec', severity: 'error' },
  kept: { label: 'Conservé (non envoyé)', severity: 'new' },
};

const URL_PATTERN = /(https?:\/\/[^\s]+)/;

/** A message's text with its addresses made links, so a demo can follow a carnet or an invitation. */
function Body({ text }: { text: string }) {
  // The parts of one text never move: their position is their identity.
  const parts = text.split(URL_PATTERN).map((part, i) => ({ part, key: `${i}` }));
  return (
    <pre className={fr.cx('fr-text--sm')} style={{ whiteSpace: 'pre-wrap' }}>
      {parts.map(({ part, key: i }) =>
        URL_PATTERN.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </pre>
  );
}

function EmailCard({ email, onRetried }: { email: OutboxEmail; onRetried: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const status = STATUS[email.status];
  async function retry() {
    setError(null);
    try {
      await emailsApi.retry(email.id);
      onRetried();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <li className={fr.cx('fr-mb-3w')}>
      <h2 className={fr.cx('fr-h6', 'fr-mb-1w')}>{email.subject}</h2>
      <p className={fr.cx('fr-mb-1w')}>
        <Badge severity={status.severity} small>
          {status.label}
        </Badge>{' '}
        {email.channel === 'sms' && 'SMS — '}
        {new Date(email.createdAt).toLocaleString('fr-FR')} — à {email.to ?? 'adresse effacée après envoi'}
        {email.programmeName && ` — ${email.programmeName}`}
      </p>
      {email.error && (
        <p className={fr.cx('fr-error-text')}>
          {email.attempts} essai{email.attempts > 1 ? 's' : ''}, dernière erreur : {email.error}
          {email.nextAttemptAt && ` — prochain essai le ${new Date(email.nextAttemptAt).toLocaleString('fr-FR')}`}
        </p>
      )}
      {email.body ? (
        <details>
          <summary>Lire le message</summary>
          <Body text={email.body} />
        </details>
      ) : (
        <p className={fr.cx('fr-text--sm')}>Contenu effacé après l'envoi.</p>
      )}
      {email.status === 'failed' && (
        <Button size="small" priority="secondary" onClick={() => void retry()}>
          Renvoyer
        </Button>
      )}
      {error !== null && <ErrorAlert error={error} title="Renvoi impossible" />}
    </li>
  );
}

/** "Courriels": every message of the platform, sent or not, for admins and operators. */
export function EmailsPage() {
  const [params, setParams] = useSearchParams();
  const programmeId = params.get('programme') ?? '';
  const status = (params.get('statut') ?? '') as EmailStatus | '';
  const programmes = useLoad(() => programmesApi.list(), []);
  const outbox = useLoad(
    () => emailsApi.list({ programmeId: programmeId || undefined, status: status || undefined, limit: 100 }),
    [programmeId, status],
  );
  useEffect(() => {
    document.title = 'Courriels — Passnum';
  }, []);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <h1>Courriels</h1>
      {outbox.data && !outbox.data.smtp && (
        <Alert
          severity="info"
          small
          description="Aucun serveur d'envoi (SMTP_URL) n'est configuré : les courriels sont conservés ici au lieu d'être envoyés. Transmettez-les vous-même ou suivez leurs liens."
          className={fr.cx('fr-mb-3w')}
        />
      )}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-2w')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <ProgrammeSelect
            programmes={programmes.data ?? []}
            value={programmeId}
            onChange={(id) => setFilter('programme', id)}
            allLabel="Tous"
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Select
            label="État"
            nativeSelectProps={{ value: status, onChange: (e) => setFilter('statut', e.target.value) }}
          >
            <option value="">Tous</option>
            {(Object.keys(STATUS) as EmailStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS[s].label}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {outbox.loading && <Loading />}
      {outbox.error !== null && <ErrorAlert error={outbox.error} title="Chargement impossible" />}
      {outbox.data?.emails.length === 0 && <p>Aucun courriel ne correspond à ces filtres.</p>}
      <ul className={fr.cx('fr-raw-list')}>
        {outbox.data?.emails.map((e) => (
          <EmailCard key={e.id} email={e} onRetried={outbox.reload} />
        ))}
      </ul>
    </>
  );
}
