import { Select } from '@codegouvfr/react-dsfr/Select';

/** Chooses one of the user's programmes; with `allLabel`, "all of them" is a choice too (filters). */
export function ProgrammeSelect({
  programmes,
  value,
  onChange,
  allLabel,
}: {
  programmes: readonly { id: string; name: string }[];
  value: string;
  onChange: (programmeId: string) => void;
  allLabel?: string;
}) {
  return (
    <Select label="Programme" nativeSelectProps={{ value, onChange: (e) => onChange(e.target.value) }}>
      {allLabel !== undefined && <option value="">{allLabel}</option>}
      {programmes.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </Select>
  );
}
