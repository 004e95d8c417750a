import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { venuesApi } from '../../api/venues';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { frenchDate } from '../../labels';
import type { Venue, Workshop, WorkshopInput } from '../../types';
import { useLoad } from '../../useLoad';
import { VenueActivitySection } from '../impact/VenueActivitySection';
import { MyStatements } from '../payments/MyStatements';
import {
  dateTimeLabel,
  durationLabel,
  FORMAT_LABELS,
  LEVEL_LABELS,
  QUALIFICATION_LABELS,
  QUALIFICATION_SEVERITY,
} from './venueLabels';

const EMPTY = {
  title: '',
  service: '',
  level: 'initiation',
  format: 'collective',
  durationMinutes: '120',
  pricePasses: '1',
};

function NewWorkshop({ venueId, services, onDone }: { venueId: string; services: string[]; onDone: () => void }) {
  const [w, setW] = useState(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await venuesApi.createWorkshop(venueId, {
        ...w,
        // The selects offer the contract's values only; the server validates them anyway.
        service: w.service as WorkshopInput['service'],
        level: w.level as WorkshopInput['level'],
        format: w.format as WorkshopInput['format'],
        durationMinutes: Number(w.durationMinutes),
        pricePasses: Number(w.pricePasses),
      });
      setW(EMPTY);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="fr-mt-3w">
      <h4 className="fr-h6">Publier un atelier</h4>
      {error !== null && <ErrorAlert error={error} title="Atelier non publié" />}
      <Input
        label="Titre"
        nativeInputProps={{ value: w.title, required: true, onChange: (e) => setW({ ...w, title: e.target.value }) }}
      />
      <Select
        label="Thème (service du standard national)"
        nativeSelectProps={{
          value: w.service,
          required: true,
          onChange: (e) => setW({ ...w, service: e.target.value }),
        }}
      >
        <option value="" disabled>
          Choisir
        </option>
        {services.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </Select>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
          <Select
            label="Niveau"
            nativeSelectProps={{ value: w.level, onChange: (e) => setW({ ...w, level: e.target.value }) }}
          >
            <option value="initiation">Initiation</option>
            <option value="perfectionnement">Perfectionnement</option>
          </Select>
        </div>
        <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
          <Select
            label="Format"
            nativeSelectProps={{ value: w.format, onChange: (e) => setW({ ...w, format: e.target.value }) }}
          >
            <option value="collective">Collectif</option>
            <option value="individual">Individuel</option>
            <option value="remote">À distance</option>
          </Select>
        </div>
        <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
          <Input
            label="Durée (minutes)"
            nativeInputProps={{
              type: 'number',
              min: 15,
              max: 600,
              value: w.durationMinutes,
              onChange: (e) => setW({ ...w, durationMinutes: e.target.value }),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
          <Input
            label="Prix en pass"
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 10,
              value: w.pricePasses,
              onChange: (e) => setW({ ...w, pricePasses: e.target.value }),
            }}
          />
        </div>
      </div>
      <Button type="submit">Publier l'atelier</Button>
    </form>
  );
}

function WorkshopItem({ w, onChange }: { w: Workshop; onChange: () => void }) {
  const [startsAt, setStartsAt] = useState('');
  const [capacity, setCapacity] = useState('8');
  const [error, setError] = useState<unknown>(null);
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  const addSession = (e: FormEvent) => {
    e.preventDefault();
    void act(() =>
      venuesApi.addSession(w.id, { startsAt: new Date(startsAt).toISOString(), capacity: Number(capacity) }),
    );
  };
  return (
    <li className="fr-mb-3w">
      <strong>{w.title}</strong> — {w.service}, {LEVEL_LABELS[w.level]}, {FORMAT_LABELS[w.format]},{' '}
      {durationLabel(w.durationMinutes)}, {w.pricePasses} pass{' '}
      <Button size="small" priority="tertiary" onClick={() => void act(() => venuesApi.deleteWorkshop(w.id))}>
        Retirer
      </Button>
      {error !== null && <ErrorAlert error={error} />}
      <ul>
        {w.sessions.map((s) => (
          <li key={s.id}>
            {dateTimeLabel(s.startsAt)} — {s.capacity} places{' '}
            <Button
              size="small"
              priority="tertiary no outline"
              onClick={() => void act(() => venuesApi.deleteSession(s.id))}
            >
              Supprimer la séance
            </Button>
          </li>
        ))}
      </ul>
      <form onSubmit={addSession} className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-5')}>
          <Input
            label={`Nouvelle séance de « ${w.title} »`}
            nativeInputProps={{
              type: 'datetime-local',
              required: true,
              value: startsAt,
              onChange: (e) => setStartsAt(e.target.value),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-6', 'fr-col-md-3')}>
          <Input
            label="Places"
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 500,
              value: capacity,
              onChange: (e) => setCapacity(e.target.value),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-6', 'fr-col-md-4', 'fr-mb-3w')}>
          <Button type="submit" priority="secondary">
            Ajouter la séance
          </Button>
        </div>
      </form>
    </li>
  );
}

/** The place's hours and contact details, edited by the venue itself (the rest stays as it is). */
function PlaceContact({ place, onSaved }: { place: Venue; onSaved: () => void }) {
  const [f, setF] = useState({
    openingHours: place.openingHours ?? '',
    phone: place.phone ?? '',
    email: place.email ?? '',
    website: place.website ?? '',
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const { id: _id, organisationId: _o, siret: _s, communeName: _c, source: _src, updatedAt: _u, ...fields } = place;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await venuesApi.updatePlace(place.id, {
        ...fields,
        openingHours: f.openingHours.trim() || undefined,
        phone: f.phone.trim() || undefined,
        email: f.email.trim() || undefined,
        website: f.website.trim() || undefined,
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  const input = (k: keyof typeof f) => ({
    value: f[k],
    onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }),
  });
  return (
    <form onSubmit={submit} className="fr-mb-3w">
      <h3 className="fr-h5">Horaires et contact</h3>
      {error !== null && <ErrorAlert error={error} title="Fiche non enregistrée" />}
      {saved && (
        <Alert
          severity="success"
          small
          description="Fiche enregistrée : la page publique est à jour."
          className="fr-mb-2w"
        />
      )}
      <Input
        label="Horaires d'ouverture"
        hintText="Format OpenStreetMap, par exemple Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
        nativeInputProps={input('openingHours')}
      />
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input label="Téléphone" nativeInputProps={{ ...input('phone'), type: 'tel' }} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input label="Courriel de contact" nativeInputProps={{ ...input('email'), type: 'email' }} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input label="Site web" hintText="https://…" nativeInputProps={{ ...input('website'), type: 'url' }} />
        </div>
      </div>
      <Button type="submit" priority="secondary">
        Enregistrer les horaires et le contact
      </Button>
    </form>
  );
}

function PlaceWorkshops({ place, services, onSaved }: { place: Venue; services: string[]; onSaved: () => void }) {
  const { data, error, reload } = useLoad(() => venuesApi.workshops(place.id), [place.id]);
  return (
    <section className="fr-mt-4w">
      <h2 className="fr-h4">{place.name}</h2>
      <p>
        {place.address}, {place.postcode} {place.communeName} —{' '}
        <Link to={`/lieux/${place.id}`}>voir la fiche publique</Link>
      </p>
      {error !== null && <ErrorAlert error={error} />}
      <PlaceContact place={place} onSaved={onSaved} />
      <h3 className="fr-h5">Ateliers</h3>
      {data && data.length === 0 && <p>Aucun atelier publié.</p>}
      <ul>
        {data?.map((w) => (
          <WorkshopItem key={w.id} w={w} onChange={reload} />
        ))}
      </ul>
      <NewWorkshop venueId={place.id} services={services} onDone={reload} />
    </section>
  );
}

/** The venue's own space: where its applications stand, its places and its workshops. */
/** A venue already known applies, from its account, to another programme of its territory. */
function ApplyElsewhere({ open, onDone }: { open: { id: string; name: string }[]; onDone: () => void }) {
  const [programmeId, setProgrammeId] = useState('');
  const [charter, setCharter] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  if (open.length === 0 && sent === null) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await venuesApi.applyToProgramme(programmeId, charter);
      setSent(open.find((p) => p.id === programmeId)?.name ?? '');
      setProgrammeId('');
      setCharter(false);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="fr-mb-3w">
      <summary>Candidater à un autre programme</summary>
      <form onSubmit={submit} className="fr-mt-2w">
        {error !== null && <ErrorAlert error={error} />}
        {sent !== null && (
          <Alert
            severity="success"
            small
            description={`Candidature envoyée pour ${sent} : l'opérateur du programme vous écrira sa décision.`}
            className="fr-mb-2w"
          />
        )}
        {open.length > 0 && (
          <>
            <Select
              label="Programme"
              nativeSelectProps={{
                required: true,
                value: programmeId,
                onChange: (e) => setProgrammeId(e.target.value),
              }}
            >
              <option value="" disabled>
                Choisir un programme
              </option>
              {open.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
            <Checkbox
              options={[
                {
                  label:
                    "J'accepte la charte du programme : accueillir les détenteurs de pass, ne valider un pass qu'après l'atelier, signaler tout pass douteux.",
                  nativeInputProps: { checked: charter, onChange: () => setCharter(!charter), required: true },
                },
              ]}
            />
            <Button type="submit">Envoyer ma candidature</Button>
          </>
        )}
      </form>
    </details>
  );
}

export function MyVenuePage() {
  const { data, error, loading, reload } = useLoad(() => venuesApi.myVenue(), []);
  const { data: vocabulary } = useLoad(() => venuesApi.vocabulary(), []);
  useEffect(() => {
    document.title = 'Mon lieu et mes ateliers — Passnum';
  }, []);
  if (loading && !data) return <Loading />;
  if (error !== null || !data) return <ErrorAlert error={error} />;
  return (
    <>
      <h1>Mon lieu et mes ateliers</h1>
      <h2 className="fr-h4">Qualification</h2>
      {data.qualifications.length === 0 ? (
        <p>Votre structure n'a candidaté à aucun programme.</p>
      ) : (
        <ul>
          {data.qualifications.map((q) => (
            <li key={q.programmeId}>
              {q.programmeName} :{' '}
              <Badge severity={QUALIFICATION_SEVERITY[q.status]} small>
                {QUALIFICATION_LABELS[q.status]}
              </Badge>{' '}
              depuis le {frenchDate(q.decidedAt)}
              {q.reason ? ` — ${q.reason}` : ''}
              {q.status === 'qualified' && q.renewalDate ? ` ; à renouveler le ${frenchDate(q.renewalDate)}` : ''}
            </li>
          ))}
        </ul>
      )}
      <ApplyElsewhere open={data.openProgrammes} onDone={reload} />
      {data.qualifications.some((q) => q.status === 'qualified') && (
        <>
          <VenueActivitySection />
          <MyStatements />
        </>
      )}
      {data.places.map((p) => (
        <PlaceWorkshops key={p.id} place={p} services={vocabulary?.services ?? []} onSaved={reload} />
      ))}
    </>
  );
}
