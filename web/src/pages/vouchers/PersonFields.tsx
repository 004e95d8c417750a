import { fr } from '@codegouvfr/react-dsfr';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import type { Dispatch, SetStateAction } from 'react';
import type { Beneficiary } from '../../api/vouchers';
import { CommuneField } from '../../components/CommuneField';
import { CATEGORY_LABELS } from '../../labels';

/** Who a carnet is for, as typed at the counter: the same fields to hand out and to orient. */
export interface PersonForm {
  firstName: string;
  lastName: string;
  birthDate: string;
  communeInsee: string;
  publicCategory: string;
  sex: string;
}

export const emptyPerson: PersonForm = {
  firstName: '',
  lastName: '',
  birthDate: '',
  communeInsee: '',
  publicCategory: '',
  sex: '',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The form of a person already known (an orientation carried over). */
export function personFormOf(b: Beneficiary): PersonForm {
  return {
    firstName: b.firstName,
    lastName: b.lastName,
    birthDate: b.birthDay ? `${b.birthYear}-${pad(b.birthMonth)}-${pad(b.birthDay)}` : '',
    communeInsee: b.communeInsee,
    publicCategory: b.publicCategory,
    sex: b.sex ?? '',
  };
}

/** The API's beneficiary from the form (the server validates every field and names what is wrong). */
export function beneficiaryOf(p: PersonForm): Beneficiary {
  const [y, m, d] = p.birthDate.split('-').map(Number);
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    birthYear: y as number,
    birthMonth: m as number,
    birthDay: d,
    communeInsee: p.communeInsee.trim(),
    // The select offers the contract's categories only.
    publicCategory: p.publicCategory as Beneficiary['publicCategory'],
    sex: (p.sex || undefined) as Beneficiary['sex'],
  };
}

export function PersonFields<T extends PersonForm>({
  person,
  setPerson,
  listId,
  resetKey,
}: {
  person: T;
  setPerson: Dispatch<SetStateAction<T>>;
  listId: string;
  /** Changes when the form is emptied or filled from elsewhere: the commune field starts again. */
  resetKey: string;
}) {
  const field = (k: 'firstName' | 'lastName' | 'birthDate') => ({
    value: person[k],
    onChange: (e: { target: { value: string } }) => setPerson((p) => ({ ...p, [k]: e.target.value })),
  });
  return (
    <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <Input label="Prénom" nativeInputProps={{ ...field('firstName'), autoComplete: 'off' }} />
      </div>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <Input label="Nom" nativeInputProps={{ ...field('lastName'), autoComplete: 'off' }} />
      </div>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <Input label="Date de naissance" nativeInputProps={{ ...field('birthDate'), type: 'date' }} />
      </div>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <CommuneField
          key={resetKey}
          label="Commune de résidence"
          listId={listId}
          initialCode={person.communeInsee || undefined}
          onChange={(c) => setPerson((p) => ({ ...p, communeInsee: c?.code ?? '' }))}
        />
      </div>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <Select
          label="Situation"
          nativeSelectProps={{
            value: person.publicCategory,
            onChange: (e) => setPerson((p) => ({ ...p, publicCategory: e.target.value })),
          }}
        >
          <option value="">Choisir</option>
          {Object.entries(CATEGORY_LABELS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <Select
          label="Sexe (facultatif)"
          nativeSelectProps={{ value: person.sex, onChange: (e) => setPerson((p) => ({ ...p, sex: e.target.value })) }}
        >
          <option value="">Non renseigné</option>
          <option value="F">Femme</option>
          <option value="M">Homme</option>
          <option value="X">Autre</option>
        </Select>
      </div>
    </div>
  );
}
