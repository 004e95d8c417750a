import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useState } from 'react';
import { type PersonalData, vouchersApi } from '../../api/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CATEGORY_LABELS, frenchDate } from '../../labels';

const PASS_STATES: Record<PersonalData['carnets'][number]['passes'][number]['state'], string> = {
  issued: 'non remis',
  distributed: 'valable',
  redeemed: 'utilisé',
  reimbursed: 'utilisé et remboursé',
  expired: 'expiré',
  cancelled: 'annulé',
};

/**
 * A person's rights (RGPD), exercised by the operator: what is held about the person a carnet
 * was handed to, its export as a file, and its erasure on request. Each reading is in the
 * audit log, so the section asks for the carnet the person shows, not a search by name.
 */
export function PersonalDataSection({ programmeId }: { programmeId: string }) {
  const [serial, setSerial] = useState('');
  const [data, setData] = useState<PersonalData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const look = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    setData(null);
    try {
      setData(await vouchersApi.personalData(programmeId, serial.trim().toUpperCase()));
    } catch (err) {
      setError(err);
    }
  };
  const erase = async (e: FormEvent) => {
    e.preventDefault();
    if (!data) return;
    setError(null);
    try {
      await vouchersApi.erasePersonalData(programmeId, serial.trim().toUpperCase(), reason);
      // What is shown is read again before the confirmation: the page never shows erased data.
      const fresh = await vouchersApi.personalData(programmeId, serial.trim().toUpperCase());
      setData(fresh);
      setDone(
        'Noms et coordonnées effacés. Il ne reste que des données anonymes (année de naissance, commune, public).',
      );
      setReason('');
      setConfirmed(false);
    } catch (err) {
      setError(err);
    }
  };
  const rows: [string, string][] = data
    ? [
        ['Prénom et nom', [data.firstName, data.lastName].filter(Boolean).join(' ') || 'non conservés'],
        ['Courriel', data.email ?? 'non conservé'],
        ['Téléphone', data.phone ?? 'non conservé'],
        ['Naissance', `${data.birthMonth ? `${String(data.birthMonth).padStart(2, '0')}/` : ''}${data.birthYear}`],
        ['Commune (code INSEE)', data.communeInsee],
        ['Public', CATEGORY_LABELS[data.publicCategory] ?? data.publicCategory],
        ['Accord pour les rappels', data.consentReminders ? 'oui' : 'non'],
        ['Première remise', frenchDate(data.firstSeenAt)],
        ['Effacement', data.erasedAt ? `effacé le ${frenchDate(data.erasedAt)}` : 'non'],
      ]
    : [];
  return (
    <section className="fr-mt-6w">
      <h2>Données personnelles des bénéficiaires</h2>
      <p className="fr-text--sm">
        Droit d’accès, export et effacement à la demande de la personne : saisissez le numéro du carnet qu’elle vous
        présente. Chaque consultation est inscrite au journal d’audit.
      </p>
      <form onSubmit={look} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Numéro du carnet"
            hintText="Par exemple BFC-000123"
            nativeInputProps={{ value: serial, onChange: (e) => setSerial(e.target.value), required: true }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-3', 'fr-mb-3w')}>
          <Button type="submit">Consulter les données</Button>
        </div>
      </form>
      {error !== null && <ErrorAlert error={error} />}
      {done && <Alert severity="success" small description={done} className="fr-mb-2w" />}
      {data && (
        <>
          <dl>
            {rows.map(([k, v]) => (
              <div key={k} className="fr-mb-1v">
                <dt className="fr-text--bold">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {data.carnets.map((c) => (
            <p key={c.serial}>
              Carnet {c.serial}, remis le {frenchDate(c.distributedAt)} par {c.distributedBy ?? '—'} :{' '}
              {c.passes.map((p) => `${p.serial} ${PASS_STATES[p.state]}${p.venue ? ` (${p.venue})` : ''}`).join(', ')}
            </p>
          ))}
          <p>
            <a href={vouchersApi.personalDataDownloadUrl(programmeId, serial.trim().toUpperCase())} download>
              Télécharger ces données (JSON) pour les remettre à la personne
            </a>
          </p>
          {!data.erasedAt && (
            <form onSubmit={erase} className="fr-mt-2w">
              <Input
                label="Motif de l’effacement"
                hintText="Par exemple « demande écrite du 2 décembre »"
                nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value), required: true }}
              />
              <Checkbox
                options={[
                  {
                    label: 'Je confirme : les noms et coordonnées seront effacés définitivement',
                    nativeInputProps: { checked: confirmed, onChange: (e) => setConfirmed(e.target.checked) },
                  },
                ]}
              />
              <Button type="submit" priority="secondary" disabled={!confirmed}>
                Effacer les données personnelles
              </Button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
