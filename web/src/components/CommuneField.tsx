import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useState } from 'react';
import { type CommuneOption, venuesApi } from '../api/venues';
import { useLoad } from '../useLoad';

/**
 * A commune entered by name, postcode or INSEE code, chosen in the official list the API serves
 * (suggestions as the person types): nobody has to know an INSEE code. `onChange` gets the
 * commune once one is chosen, null while the text matches none.
 */
export function CommuneField({
  label,
  listId,
  hintText = 'Tapez le début du nom (ou les chiffres postaux), puis choisissez dans la liste officielle.',
  required = true,
  initialCode,
  onChange,
}: {
  label: string;
  /** A commune already known (carried over from an orientation): shown by its name. */
  initialCode?: string;
  required?: boolean;
  listId: string;
  hintText?: string;
  onChange: (commune: CommuneOption | null) => void;
}) {
  const [text, setText] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the initial commune is read once.
  useEffect(() => {
    if (!initialCode) return;
    void venuesApi.communes(initialCode).then((found) => {
      const c = found.find((x) => x.code === initialCode);
      if (c) setText(`${c.name} (${c.code})`);
    });
  }, []);
  const [chosen, setChosen] = useState<CommuneOption | null>(null);
  const { data: communes } = useLoad(
    () => (text.length >= 2 && !/ \(\d/.test(text) ? venuesApi.communes(text) : Promise.resolve([])),
    [text],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: onChange is the parent's callback, not a trigger.
  useEffect(() => {
    const match = communes?.find((c) => `${c.name} (${c.code})` === text) ?? null;
    if (match && match.code !== chosen?.code) {
      setChosen(match);
      onChange(match);
    }
  }, [communes, text]);
  return (
    <>
      <Input
        label={label}
        hintText={hintText}
        state={text && !chosen ? 'info' : 'default'}
        stateRelatedMessage={text && !chosen ? 'Choisissez une commune dans la liste.' : undefined}
        nativeInputProps={{
          value: text,
          onChange: (e) => {
            setText(e.target.value);
            if (chosen) {
              setChosen(null);
              onChange(null);
            }
          },
          list: listId,
          autoComplete: 'off',
          required,
        }}
      />
      <datalist id={listId}>
        {(communes ?? []).map((c) => (
          <option key={c.code} value={`${c.name} (${c.code})`} />
        ))}
      </datalist>
    </>
  );
}
