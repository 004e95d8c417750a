import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useState } from 'react';
import type { QualificationDecision } from '../../../../src/modules/venues/qualification.rules';
import { type ProgrammeVenue, venuesApi } from '../../api/venues';
import { vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { frenchDate } from '../../labels';
import type { QualificationStatus } from '../../types';
import { useLoad } from '../../useLoad';
import { VenueImport } from './VenueImport';
import { QUALIFICATION_LABELS, QUALIFICATION_SEVERITY } from './venueLabels';

type Candidate = ProgrammeVenue;

const ACTION_LABELS: Partial<Record<QualificationStatus, string>> = {
  qualified: 'Qualifier (ou renouveler)',
  changes_requested: 'Demander des modifications',
  refused: 'Refuser',
  suspended: 'Suspendre',
  withdrawn: 'Retirer la qualification',
};

function Decision({ programmeId, c, onDone }: { programmeId: string; c: Candidate; onDone: () => void }) {
  const options = c.decisions;
  const [status, setStatus] = useState<QualificationStatus>(options[0] ?? 'qualified');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (options.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await venuesApi.decide(programmeId, c.organisationId, {
        status: status as QualificationDecision,
        ...(reason.trim() ? { reason } : {}),
      });
      setReason('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="fr-mt-2w">
      {error !== null && <ErrorAlert error={error} title="Décision non enregistrée" />}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select
            label={`Décision pour ${c.organisationName}`}
            nativeSelectProps={{ value: status, onChange: (e) => setStatus(e.target.value as QualificationStatus) }}
          >
            {options.map((o) => (
              <option key={o} value={o}>
                {ACTION_LABELS[o]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
          <Input
            label="Motif (envoyé au lieu)"
            hintText={status === 'qualified' ? 'Facultatif' : 'Obligatoire'}
            nativeInputProps={{
              value: reason,
              onChange: (e) => setReason(e.target.value),
              required: status !== 'qualified',
            }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3', 'fr-mb-3w')}>
          <Button type="submit">Enregistrer</Button>
        </div>
      </div>
    </form>
  );
}

/**
 * A venue's new bank details, the classic path of payment fraud: shown beside the current ones,
 * confirmed only after a second, explicit step (the operator checked with the venue by a known
 * channel). Payments keep going to the current account until then.
 */
function BankChange({ programmeId, c, onDone }: { programmeId: string; c: Candidate; onDone: () => void }) {
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pending = c.pendingBank;
  if (!pending) return null;
  const confirm = async () => {
    setError(null);
    try {
      await venuesApi.confirmBankAccount(programmeId, c.organisationId);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <strong>Nouvelles coordonnées bancaires à vérifier</strong> : {pending.iban} ({pending.bic}) au nom de{' '}
      {pending.holder}
      {c.bank ? ` — elles remplaceraient ${c.bank.iban} (${c.bank.bic}).` : ' — premier compte du lieu.'}{' '}
      {error !== null && <ErrorAlert error={error} />}
      {!checking ? (
        <Button size="small" priority="secondary" onClick={() => setChecking(true)}>
          Vérifier les coordonnées bancaires de {c.organisationName}
        </Button>
      ) : (
        <div className="fr-mt-1w">
          <Checkbox
            options={[
              {
                label: `J’ai vérifié ce changement auprès de ${c.organisationName} par un moyen que je connais (téléphone, courrier), pas par le message qui l’annonce`,
                nativeInputProps: { checked, onChange: (e) => setChecked(e.target.checked) },
              },
            ]}
          />
          <Button size="small" disabled={!checked} onClick={() => void confirm()}>
            Confirmer les coordonnées bancaires de {c.organisationName}
          </Button>
        </div>
      )}
    </>
  );
}

/**
 * Venues whose redemptions are locked after too many unknown or mistyped codes: the operator,
 * who knows the venue, can lift the lock rather than leave it waiting for the end of the hour.
 */
function RedemptionLocks({ programmeId, onLifted }: { programmeId: string; onLifted: (m: string) => void }) {
  const { data, reload } = useLoad(() => vouchersApi.redemptionLocks(programmeId), [programmeId]);
  const [error, setError] = useState<unknown>(null);
  if (!data || data.length === 0) return null;
  const lift = async (organisationId: string, name: string) => {
    setError(null);
    try {
      await vouchersApi.liftRedemptionLock(programmeId, organisationId);
      onLifted(`Les validations de ${name} sont de nouveau possibles.`);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Alert
      severity="warning"
      className="fr-mb-3w"
      title="Validations bloquées (trop de codes inconnus ou erronés)"
      description={
        <>
          {error !== null && <ErrorAlert error={error} />}
          <ul>
            {data.map((l) => (
              <li key={l.organisationId}>
                {l.organisationName}, jusqu'à {timeLabel(l.lockedUntil)}{' '}
                <Button
                  size="small"
                  priority="secondary"
                  onClick={() => void lift(l.organisationId, l.organisationName)}
                >
                  Lever le blocage de {l.organisationName}
                </Button>
              </li>
            ))}
          </ul>
        </>
      }
    />
  );
}

const timeLabel = (iso: string) =>
  new Date(iso).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** The operator's venues: applications to examine, qualified venues, and the directory import. */
export function ProgrammeVenuesSection({ programmeId }: { programmeId: string }) {
  const { data, error, reload } = useLoad(() => venuesApi.programmeVenues(programmeId), [programmeId]);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="fr-mt-6w">
      <h2>Lieux de médiation numérique</h2>
      {error !== null && <ErrorAlert error={error} />}
      {done && (
        <Alert
          severity="success"
          small
          description={done}
          className="fr-mb-2w"
          closable
          onClose={() => setDone(null)}
        />
      )}
      <RedemptionLocks programmeId={programmeId} onLifted={setDone} />
      {data && data.length === 0 && <p>Aucune candidature pour l'instant.</p>}
      {data?.map((c) => (
        <article
          key={c.organisationId}
          className="fr-p-3w fr-mb-3w"
          style={{ border: '1px solid var(--border-default-grey)' }}
        >
          <h3 className="fr-h5 fr-mb-1w">
            {c.organisationName}{' '}
            <Badge severity={QUALIFICATION_SEVERITY[c.status]} small>
              {QUALIFICATION_LABELS[c.status]}
            </Badge>
          </h3>
          <ul>
            <li>SIRET : {c.siret}</li>
            <li>
              Candidature du {frenchDate(c.appliedAt)}
              {c.charterAccepted ? ', charte acceptée' : ''} ; dernière décision le {frenchDate(c.decidedAt)}
              {c.reason ? ` (motif : ${c.reason})` : ''}
              {c.renewalDate && c.status === 'qualified' ? ` ; à renouveler le ${frenchDate(c.renewalDate)}` : ''}
            </li>
            {c.places.map((p) => (
              <li key={p.id}>
                Lieu : {p.name}, {p.address}, {p.postcode} {p.communeName}
                {p.openingHours ? ` — ${p.openingHours}` : ''}
              </li>
            ))}
            {c.bank && (
              <li>
                Compte : {c.bank.iban} ({c.bank.bic}) au nom de {c.bank.holder}
              </li>
            )}
            {c.pendingBank && (
              <li>
                <BankChange
                  programmeId={programmeId}
                  c={c}
                  onDone={() => {
                    setDone(`Coordonnées bancaires de ${c.organisationName} confirmées.`);
                    reload();
                  }}
                />
              </li>
            )}
          </ul>
          <Decision
            programmeId={programmeId}
            c={c}
            onDone={() => {
              setDone(`Décision enregistrée pour ${c.organisationName} ; le lieu est prévenu par courriel.`);
              reload();
            }}
          />
        </article>
      ))}
      <VenueImport programmeId={programmeId} />
    </section>
  );
}
