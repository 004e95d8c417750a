import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import { type Campaign, remindersApi } from '../../api/reminders';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Table } from '../../components/Table';
import { frenchDate, shareOf } from '../../labels';
import { useLoad } from '../../useLoad';

const points = (r: number) =>
  `${r >= 0 ? '+' : '−'}${Math.abs(r * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} pt`;

/** The effect in words: what a funder can say in its assembly, with the uncertainty. */
function effect(c: Campaign): string {
  if (!c.uplift) return 'Pas encore mesurable (un des deux groupes est vide).';
  const { difference, low, high, significant } = c.uplift;
  const range = `intervalle de confiance à 95 % : ${points(low)} à ${points(high)}`;
  return `${points(difference)} (${range})${significant ? '' : ' — pas significatif'}`;
}

function arm(a: Campaign['reminded']) {
  return `${a.used.toLocaleString('fr-FR')} / ${a.carnets.toLocaleString('fr-FR')} (${shareOf(a.rate)})`;
}

function NewCampaignForm({ programmeId, onDone }: { programmeId: string; onDone: () => void }) {
  const [form, setForm] = useState({ name: '', holdoutPercent: '10', afterDays: '30', beforeExpiryDays: '30' });
  const [sms, setSms] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value }),
  });
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await remindersApi.start(programmeId, {
        name: form.name,
        holdoutPercent: Number(form.holdoutPercent),
        afterDays: Number(form.afterDays),
        beforeExpiryDays: Number(form.beforeExpiryDays),
        sms,
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Ouvrir une campagne de relance">
      {error !== null && <ErrorAlert error={error} title="Campagne non ouverte" />}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input label="Nom de la campagne" nativeInputProps={{ ...field('name'), required: true, maxLength: 120 }} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Groupe témoin (%)"
            hintText="Part des carnets tirée au sort et jamais relancée, de 0 à 50 %"
            nativeInputProps={{ ...field('holdoutPercent'), type: 'number', min: 0, max: 50 }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Première relance (jours après la remise)"
            nativeInputProps={{ ...field('afterDays'), type: 'number', min: 1, max: 365 }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Dernière relance (jours avant l'expiration)"
            nativeInputProps={{ ...field('beforeExpiryDays'), type: 'number', min: 1, max: 365 }}
          />
        </div>
      </div>
      <Checkbox
        options={[
          {
            label: 'Relancer aussi par SMS les personnes qui ont donné un numéro',
            nativeInputProps: { checked: sms, onChange: (e) => setSms(e.target.checked) },
          },
        ]}
      />
      <Button type="submit">Ouvrir la campagne</Button>
    </form>
  );
}

/**
 * Reminders and their measured effect: usage of the reminded against the holdout group, drawn
 * at random, with the difference and its 95 % interval. Operators open and end campaigns.
 */
export function RemindersSection({ programmeId, manages }: { programmeId: string; manages: boolean }) {
  const { data, error, reload } = useLoad(() => remindersApi.campaigns(programmeId), [programmeId]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [opening, setOpening] = useState(false);
  if (error !== null) return <ErrorAlert error={error} title="Relances indisponibles" />;
  if (!data) return null;
  const running = data.find((c) => !c.endedAt);
  async function end(id: string) {
    setActionError(null);
    try {
      await remindersApi.end(id);
      reload();
    } catch (err) {
      setActionError(err);
    }
  }
  return (
    <>
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Relances et leur effet</h3>
      <p className={fr.cx('fr-text--sm')}>
        Les personnes qui l'ont accepté sont relancées quand leur carnet n'a pas servi, puis avant l'expiration. Un
        groupe témoin, tiré au sort, n'est jamais relancé : l'écart d'usage entre les deux groupes mesure l'effet des
        relances. Un carnet compte comme utilisé si un pass a servi après le tirage.
      </p>
      {actionError !== null && <ErrorAlert error={actionError} title="Action impossible" />}
      {data.length > 0 && (
        <Table
          caption="Campagnes de relance : usage des relancés et du groupe témoin"
          headers={[
            'Campagne',
            'Période',
            'Réglages',
            'Relances envoyées',
            'Relancés : utilisés / tirés',
            'Groupe témoin : utilisés / tirés',
            'Effet des relances',
          ]}
          data={data.map((c) => [
            c.name,
            `${frenchDate(c.startedAt.slice(0, 10))} – ${c.endedAt ? frenchDate(c.endedAt.slice(0, 10)) : 'en cours'}`,
            `témoin ${c.holdoutPercent} %, à J+${c.afterDays}, ${c.beforeExpiryDays} j avant expiration${c.sms ? ', SMS' : ''}`,
            c.messages.toLocaleString('fr-FR'),
            arm(c.reminded),
            arm(c.holdout),
            effect(c),
          ])}
        />
      )}
      {manages && (
        <>
          {running && (
            <Button priority="secondary" onClick={() => void end(running.id)} className={fr.cx('fr-mr-2w')}>
              Terminer la campagne « {running.name} »
            </Button>
          )}
          {!opening ? (
            <Button priority="secondary" onClick={() => setOpening(true)}>
              Ouvrir une nouvelle campagne
            </Button>
          ) : (
            <NewCampaignForm
              programmeId={programmeId}
              onDone={() => {
                setOpening(false);
                reload();
              }}
            />
          )}
        </>
      )}
    </>
  );
}
