import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { impactApi } from '../../api/impact';
import { venuesApi } from '../../api/venues';
import { type RedemptionResult, vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { euros } from '../../labels';
import { useSession } from '../../session';
import { useLoad } from '../../useLoad';
import { DayRedemptions } from './DayRedemptions';
import { QrScanner } from './QrScanner';

/**
 * A venue validates the passes given for a workshop: one code per line, typed or sent by a USB
 * scanner (which types the code and Enter). All are validated together or none.
 */
export function RedeemPage() {
  const { me } = useSession();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<RedemptionResult | null>(null);
  const [undone, setUndone] = useState(false);
  const [version, setVersion] = useState(0);
  // The venue's workshops, across its places: the passes pay for one of them.
  const workshops = useLoad(async () => {
    const venue = await venuesApi.myVenue();
    return (await Promise.all(venue.places.map((p) => venuesApi.workshops(p.id)))).flat();
  }, []);
  const [workshopId, setWorkshopId] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [countReason, setCountReason] = useState('');
  const workshop = workshops.data?.find((w) => w.id === workshopId);
  useEffect(() => {
    document.title = 'Valider des pass — Passnum';
  }, []);
  const addScanned = useCallback(
    (scanned: string) => setText((t) => (t.trim() ? `${t.trim()}\n${scanned}` : scanned)),
    [],
  );

  const codes = text
    .split(/[\n,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const countDiffers = workshop !== undefined && codes.length > 0 && codes.length !== workshop.pricePasses;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!me) return;
    setError(null);
    setDone(null);
    setUndone(false);
    try {
      // One key per attempt: a double click or a network retry validates nothing twice.
      const res = await vouchersApi.redeem(
        {
          venueId: me.organisationId,
          codes,
          workshopId: workshopId || undefined,
          sessionId: sessionId || undefined,
          countReason: countReason.trim() || undefined,
        },
        crypto.randomUUID(),
      );
      setDone(res);
      setText('');
      setCountReason('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    }
  }

  async function undo() {
    if (!done) return;
    try {
      await vouchersApi.undoRedemption(done.redemptionId);
      setUndone(true);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <h1>Valider des pass</h1>
      {done && !undone && (
        <Alert
          severity="success"
          as="h2"
          title={`${done.passes.length} pass validé(s) : ${euros(done.amountCents)}`}
          description={
            <>
              <span>{done.passes.join(', ')}</span>{' '}
              <Button priority="tertiary" size="small" onClick={() => void undo()}>
                Annuler cette validation
              </Button>
            </>
          }
          className="fr-mb-3w"
        />
      )}
      {undone && (
        <Alert
          severity="info"
          small
          description="Validation annulée : les pass peuvent être utilisés à nouveau."
          className="fr-mb-3w"
        />
      )}
      {error !== null && <ErrorAlert error={error} title="Validation refusée" />}
      <QrScanner onCode={addScanned} />
      <form onSubmit={submit} noValidate>
        {workshops.data && workshops.data.length > 0 && (
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <Select
                label="Atelier"
                hint={
                  workshop ? `Cet atelier vaut ${workshop.pricePasses} pass par personne.` : 'Ce que les pass paient'
                }
                nativeSelectProps={{
                  value: workshopId,
                  onChange: (e) => {
                    setWorkshopId(e.target.value);
                    setSessionId('');
                  },
                }}
              >
                <option value="">Choisir un atelier</option>
                {workshops.data.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.title} ({w.pricePasses} pass)
                  </option>
                ))}
              </Select>
            </div>
            {workshop && workshop.sessions.length > 0 && (
              <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
                <Select
                  label="Séance"
                  nativeSelectProps={{ value: sessionId, onChange: (e) => setSessionId(e.target.value) }}
                >
                  <option value="">Hors séance datée</option>
                  {workshop.sessions.map((s) => (
                    <option key={s.id} value={s.id}>
                      {new Date(s.startsAt).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' })} —{' '}
                      {s.attendance}/{s.capacity} présent(s)
                    </option>
                  ))}
                </Select>
              </div>
            )}
          </div>
        )}
        <Input
          label="Codes des pass"
          hintText="Un code par ligne, par exemple 7KQ4-M9XZ-2HD8-T ; un lecteur de codes USB peut les saisir."
          textArea
          nativeTextAreaProps={{
            value: text,
            rows: 5,
            onChange: (e) => setText(e.target.value),
            spellCheck: false,
            autoCapitalize: 'characters',
          }}
        />
        {countDiffers && (
          <Input
            label="Pourquoi ce nombre de pass ?"
            hintText={`L'atelier vaut ${workshop?.pricePasses} pass et ${codes.length} code(s) sont saisis : par exemple, séance écourtée.`}
            nativeInputProps={{ value: countReason, onChange: (e) => setCountReason(e.target.value) }}
          />
        )}
        <Button type="submit">Valider</Button>
      </form>
      <DayRedemptions version={version} onUndone={(id) => setUndone(id === done?.redemptionId)} />
      <p className="fr-mt-4w fr-text--sm">
        <a href={impactApi.coopActivitiesUrl()} download>
          Exporter mes validations pour La Coop de la médiation numérique (CSV)
        </a>{' '}
        : une ligne par personne accueillie, avec la date, l'atelier, sa durée, son thème et son niveau.
      </p>
    </>
  );
}
