import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useEffect, useState } from 'react';
import { AUDIT_ACTIONS, type AuditAction } from '../../../src/modules/audit/audit.actions';
import { auditApi } from '../api/audit';
import { programmesApi } from '../api/programmes';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { ProgrammeSelect } from '../components/ProgrammeSelect';
import { Table } from '../components/Table';
import type { AuditEntry } from '../types';
import { useLoad } from '../useLoad';

const PAGE = 50;
/** The actions of the catalogue, in French, in alphabetical order of their label. */
const ACTIONS = (Object.entries(AUDIT_ACTIONS) as [AuditAction, string][]).sort((a, b) =>
  a[1].localeCompare(b[1], 'fr'),
);

export function AuditPage() {
  const programmes = useLoad(() => programmesApi.list(), []);
  const [filter, setFilter] = useState({ programmeId: '', action: '', actor: '', entityType: '', from: '', to: '' });
  const [applied, setApplied] = useState(filter);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    document.title = "Journal d'audit — Passnum";
  }, []);

  async function load(beforeId?: number) {
    setLoading(true);
    setError(null);
    try {
      const page = await auditApi.list({ ...applied, limit: PAGE, beforeId });
      setEntries((prev) => (beforeId ? [...prev, ...page] : page));
      setMore(page.length === PAGE);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the applied filter changes.
  useEffect(() => {
    void load();
  }, [applied]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setApplied(filter);
  }
  const set = (k: keyof typeof filter) => (e: { target: { value: string } }) =>
    setFilter({ ...filter, [k]: e.target.value });

  return (
    <>
      <h1>Journal d'audit</h1>
      <form
        onSubmit={submit}
        className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-3w')}
        aria-label="Filtres du journal"
      >
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <ProgrammeSelect
            programmes={programmes.data ?? []}
            value={filter.programmeId}
            onChange={(programmeId) => setFilter({ ...filter, programmeId })}
            allLabel="Tous"
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select label="Action" nativeSelectProps={{ value: filter.action, onChange: set('action') }}>
            <option value="">Toutes</option>
            {ACTIONS.map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Auteur"
            hintText="Son adresse électronique, ou une partie"
            nativeInputProps={{ value: filter.actor, onChange: set('actor') }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Type d'objet"
            hintText="Par exemple programme"
            nativeInputProps={{ value: filter.entityType, onChange: set('entityType') }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input label="Du" nativeInputProps={{ type: 'date', value: filter.from, onChange: set('from') }} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input label="Au (exclu)" nativeInputProps={{ type: 'date', value: filter.to, onChange: set('to') }} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Button type="submit" className={fr.cx('fr-mt-4w')}>
            Filtrer
          </Button>
        </div>
      </form>
      <p>
        <a href={auditApi.csvUrl(applied)} download>
          Exporter ces entrées (CSV)
        </a>
      </p>
      {error !== null && <ErrorAlert error={error} title="Chargement impossible" />}
      {entries.length === 0 && !loading && error === null && <p>Aucune entrée ne correspond à ces filtres.</p>}
      {entries.length > 0 && (
        <Table
          caption="Entrées du journal, de la plus récente à la plus ancienne"
          headers={['Date', 'Auteur', 'Action', 'Objet', 'Avant', 'Après']}
          data={entries.map((e) => [
            new Date(e.at).toLocaleString('fr-FR'),
            e.actorEmail ?? 'Système',
            AUDIT_ACTIONS[e.action as AuditAction] ?? e.action,
            `${e.entityType} ${e.entityId}`,
            <Changes key="b" value={e.before} />,
            <Changes key="a" value={e.after} />,
          ])}
        />
      )}
      {loading && <Loading />}
      {more && !loading && (
        <Button priority="secondary" onClick={() => void load(entries.at(-1)?.id)}>
          Entrées plus anciennes
        </Button>
      )}
    </>
  );
}

function Changes({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span>—</span>;
  const text = JSON.stringify(value, null, 1);
  return (
    <details>
      <summary>Voir</summary>
      <pre className={fr.cx('fr-text--xs')}>{text}</pre>
    </details>
  );
}
