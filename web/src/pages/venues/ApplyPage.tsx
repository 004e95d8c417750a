import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useEffect, useState } from 'react';
import { type CommuneOption, venuesApi } from '../../api/venues';
import { CommuneField } from '../../components/CommuneField';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { VenuePlace } from '../../types';
import { useLoad } from '../../useLoad';
import { PointPicker } from './PointPicker';

const LISTS = [
  ['services', 'Services proposés', 'services'],
  ['publics', 'Publics accueillis en particulier', 'publics'],
  ['specificSupport', 'Accompagnements spécifiques', 'specificSupport'],
  ['accessModes', "Modalités d'accès", 'accessModes'],
  ['supportModes', "Modalités d'accompagnement", 'supportModes'],
] as const;
type ListKey = (typeof LISTS)[number][0];

/** The public application form of a venue: no account needed, one is created on the way. */
export function ApplyPage() {
  const { data: vocabulary } = useLoad(() => venuesApi.vocabulary(), []);
  const { data: programmes } = useLoad(() => venuesApi.runningProgrammes(), []);
  const [f, setF] = useState({
    orgName: '',
    siret: '',
    contactName: '',
    contactEmail: '',
    name: '',
    address: '',
    postcode: '',
    latitude: '',
    longitude: '',
    phone: '',
    email: '',
    website: '',
    openingHours: '',
    summary: '',
    weeklyCapacity: '',
    holder: '',
    iban: '',
    bic: '',
  });
  const [lists, setLists] = useState<Record<ListKey, string[]>>({
    services: [],
    publics: [],
    specificSupport: [],
    accessModes: [],
    supportModes: [],
  });
  const [itinerant, setItinerant] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [charter, setCharter] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const [commune, setCommune] = useState<CommuneOption | null>(null);
  const chooseCommune = (c: CommuneOption | null) => {
    setCommune(c);
    // One postcode: filled in; several (large towns): the person types theirs.
    if (c?.postcodes.length === 1) setF((prev) => ({ ...prev, postcode: c.postcodes[0] ?? '' }));
  };
  useEffect(() => {
    document.title = 'Candidater comme lieu de médiation numérique — Passnum';
  }, []);

  const field = (key: keyof typeof f, label: string, props: Record<string, unknown> = {}, hintText?: string) => (
    <Input
      label={label}
      hintText={hintText}
      nativeInputProps={{ value: f[key], onChange: (e) => setF({ ...f, [key]: e.target.value }), ...props }}
    />
  );
  const toggle = (key: ListKey, value: string) =>
    setLists({
      ...lists,
      [key]: lists[key].includes(value) ? lists[key].filter((v) => v !== value) : [...lists[key], value],
    });
  const optional = (s: string) => (s.trim() === '' ? undefined : s.trim());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSending(true);
    try {
      await venuesApi.apply({
        organisation: { name: f.orgName, siret: f.siret.replace(/\s/g, '') },
        contact: { displayName: f.contactName, email: f.contactEmail },
        place: {
          name: f.name || f.orgName,
          address: f.address,
          postcode: f.postcode,
          communeInsee: commune?.code ?? '',
          latitude: Number(f.latitude.replace(',', '.')),
          longitude: Number(f.longitude.replace(',', '.')),
          phone: optional(f.phone),
          email: optional(f.email),
          website: optional(f.website),
          openingHours: optional(f.openingHours),
          summary: optional(f.summary),
          weeklyCapacity: f.weeklyCapacity ? Number(f.weeklyCapacity) : undefined,
          itinerant,
          // The lists offer the standard's vocabularies only (served by the API).
          ...(lists as Pick<VenuePlace, 'services' | 'publics' | 'specificSupport' | 'accessModes' | 'supportModes'>),
        },
        bank: { holder: f.holder || f.orgName, iban: f.iban, bic: f.bic },
        programmeIds: chosen,
        charterAccepted: charter,
      });
      setSent(true);
      window.scrollTo(0, 0);
    } catch (err) {
      setError(err);
      window.scrollTo(0, 0);
    } finally {
      setSending(false);
    }
  };

  if (sent) {
    return (
      <>
        <h1>Candidature envoyée</h1>
        <Alert
          severity="success"
          title="Merci, votre candidature est enregistrée"
          description={`Un courriel vient d'être envoyé à ${f.contactEmail} pour choisir le mot de passe de votre compte. L'opérateur du programme examinera votre candidature et vous écrira sa décision.`}
        />
      </>
    );
  }
  return (
    <>
      <h1>Candidater comme lieu de médiation numérique</h1>
      <p className={fr.cx('fr-text--lead')}>
        Les lieux qualifiés accueillent les détenteurs de Pass numériques et sont remboursés de la valeur des pass.
      </p>
      <p>Tous les champs sont obligatoires, sauf mention « facultatif ».</p>
      {error !== null && <ErrorAlert error={error} title="Candidature non enregistrée" />}
      <form onSubmit={submit}>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h4">Votre structure</legend>
          <div className="fr-fieldset__content" style={{ width: '100%' }}>
            {field('orgName', 'Nom de la structure', { required: true, autoComplete: 'organization' })}
            {field('siret', 'SIRET', { required: true, inputMode: 'numeric' }, '14 chiffres')}
            {field('contactName', 'Votre nom', { required: true, autoComplete: 'name' })}
            {field(
              'contactEmail',
              'Votre adresse électronique',
              { required: true, type: 'email', autoComplete: 'email' },
              'Vous y recevrez le lien pour choisir votre mot de passe.',
            )}
          </div>
        </fieldset>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h4">Le lieu</legend>
          <div className="fr-fieldset__content" style={{ width: '100%' }}>
            {field('name', 'Nom du lieu (facultatif)', {}, 'Par défaut, celui de la structure.')}
            {field('address', 'Adresse', { required: true, autoComplete: 'street-address' })}
            <CommuneField label="Commune" listId="communes-candidature" onChange={chooseCommune} />
            {field('postcode', 'Code postal', {
              required: true,
              inputMode: 'numeric',
              pattern: '[0-9]{5}',
              autoComplete: 'postal-code',
            })}
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
              <div className={fr.cx('fr-col-6')}>
                {field('latitude', 'Latitude', { required: true, inputMode: 'decimal' }, 'Par exemple 44,5181')}
              </div>
              <div className={fr.cx('fr-col-6')}>
                {field('longitude', 'Longitude', { required: true, inputMode: 'decimal' }, 'Par exemple 3,5006')}
              </div>
            </div>
            <PointPicker
              onPick={(lat, lon) => setF((prev) => ({ ...prev, latitude: lat.toFixed(6), longitude: lon.toFixed(6) }))}
            />
            {field('phone', 'Téléphone (facultatif)', { type: 'tel', autoComplete: 'tel' })}
            {field('email', 'Courriel du lieu (facultatif)', { type: 'email' })}
            {field('website', 'Site internet (facultatif)', { type: 'url' }, 'Commençant par https://')}
            {field(
              'openingHours',
              "Horaires d'ouverture (facultatif)",
              {},
              'Au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 » (« lu-ve 9h-12h » est aussi compris).',
            )}
            {field('summary', 'Présentation en une phrase (facultatif)', { maxLength: 280 })}
            {field('weeklyCapacity', 'Personnes accompagnées par semaine, au plus (facultatif)', {
              type: 'number',
              min: 1,
            })}
            <Checkbox
              options={[
                {
                  label: 'Lieu itinérant',
                  nativeInputProps: { checked: itinerant, onChange: () => setItinerant(!itinerant) },
                },
              ]}
            />
          </div>
        </fieldset>
        {LISTS.map(([key, legend, vocab]) => (
          <Checkbox
            key={key}
            legend={legend}
            hintText={key === 'services' ? 'Au moins un.' : 'Facultatif.'}
            options={(vocabulary?.[vocab] ?? []).map((v) => ({
              label: v,
              nativeInputProps: { checked: lists[key].includes(v), onChange: () => toggle(key, v) },
            }))}
          />
        ))}
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h4">Coordonnées bancaires</legend>
          <div className="fr-fieldset__content" style={{ width: '100%' }}>
            <p className="fr-text--sm">
              Les remboursements sont versés par virement SEPA sur ce compte, après vérification par l'opérateur.
            </p>
            {field('holder', 'Titulaire du compte (facultatif)', {}, 'Par défaut, la structure.')}
            {field(
              'iban',
              'IBAN',
              { required: true, autoComplete: 'off' },
              'Par exemple FR76 3000 6000 0112 3456 7890 189',
            )}
            {field('bic', 'BIC', { required: true, autoComplete: 'off' }, '8 ou 11 caractères')}
          </div>
        </fieldset>
        <Checkbox
          legend="Programmes pour lesquels vous candidatez"
          options={(programmes ?? []).map((p) => ({
            label: p.name,
            nativeInputProps: {
              checked: chosen.includes(p.id),
              onChange: () => setChosen(chosen.includes(p.id) ? chosen.filter((x) => x !== p.id) : [...chosen, p.id]),
            },
          }))}
        />
        <Checkbox
          options={[
            {
              label:
                "J'accepte la charte du programme : accueillir les détenteurs de pass, ne valider un pass qu'après l'atelier, signaler tout pass douteux.",
              nativeInputProps: { checked: charter, onChange: () => setCharter(!charter), required: true },
            },
          ]}
        />
        <Button type="submit" disabled={sending}>
          {sending ? 'Envoi…' : 'Envoyer ma candidature'}
        </Button>
      </form>
    </>
  );
}
