import { fr } from '@codegouvfr/react-dsfr';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Tag } from '@codegouvfr/react-dsfr/Tag';
import { useState } from 'react';
import { venuesApi } from '../api/venues';
import { useLoad } from '../useLoad';
import { CommuneField } from './CommuneField';

export interface TerritoryCodes {
  regions: string[];
  departements: string[];
  communes: string[];
}

/**
 * A programme's territory chosen by name from the official lists: régions and départements in
 * a list, communes by name or postcode with suggestions; each choice shows as a tag to remove.
 */
export function TerritoryPicker({ value, onChange }: { value: TerritoryCodes; onChange: (v: TerritoryCodes) => void }) {
  const areas = useLoad(() => venuesApi.areas(), []);
  // Names of communes chosen here; a commune saved earlier shows its INSEE code until then.
  const [communeNames, setCommuneNames] = useState<Record<string, string>>({});
  const [communeField, setCommuneField] = useState(0);
  const regionName = (code: string) => areas.data?.regions.find((r) => r.code === code)?.name ?? code;
  const departementName = (code: string) => {
    const d = areas.data?.departements.find((x) => x.code === code);
    return d ? `${d.name} (${d.code})` : code;
  };
  const add = (k: keyof TerritoryCodes, code: string) =>
    code && !value[k].includes(code) && onChange({ ...value, [k]: [...value[k], code] });
  const remove = (k: keyof TerritoryCodes, code: string) =>
    onChange({ ...value, [k]: value[k].filter((c) => c !== code) });
  const tags = (k: keyof TerritoryCodes, name: (code: string) => string) =>
    value[k].length > 0 && (
      <ul className={fr.cx('fr-tags-group')} aria-label="Choisis">
        {value[k].map((code) => (
          <li key={code}>
            <Tag
              small
              dismissible
              nativeButtonProps={{ onClick: () => remove(k, code), 'aria-label': `Retirer ${name(code)}` }}
            >
              {name(code)}
            </Tag>
          </li>
        ))}
      </ul>
    );

  return (
    <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')} style={{ width: '100%' }}>
      <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
        <Select
          label="Ajouter une région"
          nativeSelectProps={{ value: '', onChange: (e) => add('regions', e.target.value) }}
        >
          <option value="">Choisir une région</option>
          {areas.data?.regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </Select>
        {tags('regions', regionName)}
      </div>
      <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
        <Select
          label="Ajouter un département"
          nativeSelectProps={{ value: '', onChange: (e) => add('departements', e.target.value) }}
        >
          <option value="">Choisir un département</option>
          {areas.data?.departements.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} — {d.name}
            </option>
          ))}
        </Select>
        {tags('departements', departementName)}
      </div>
      <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
        <CommuneField
          key={communeField}
          label="Ajouter une commune"
          listId="territoire-communes"
          required={false}
          onChange={(c) => {
            if (!c) return;
            setCommuneNames({ ...communeNames, [c.code]: `${c.name} (${c.code})` });
            add('communes', c.code);
            setCommuneField((n) => n + 1);
          }}
        />
        {tags('communes', (code) => communeNames[code] ?? code)}
      </div>
    </div>
  );
}
