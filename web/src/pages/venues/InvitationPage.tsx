import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { accountsApi } from '../../api/accounts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSession } from '../../session';

/** The invited user chooses a password; the token is in the URL fragment, never sent in a URL. */
export function InvitationPage() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const { reload } = useSession();
  const navigate = useNavigate();
  useEffect(() => {
    document.title = 'Choisir mon mot de passe — Passnum';
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    try {
      await accountsApi.acceptInvitation({ token: window.location.hash.slice(1), password });
      await reload();
      // Each lands on the home of its role (a venue, an adviser, an operator...).
      navigate('/');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <h1>Choisir mon mot de passe</h1>
      {error !== null && <ErrorAlert error={error} />}
      <form onSubmit={submit} style={{ maxWidth: '32rem' }}>
        <Input
          label="Mot de passe"
          hintText="12 caractères au moins ; une phrase facile à retenir convient."
          nativeInputProps={{
            type: 'password',
            autoComplete: 'new-password',
            required: true,
            minLength: 12,
            value: password,
            onChange: (e) => setPassword(e.target.value),
          }}
        />
        <Input
          label="Confirmer le mot de passe"
          state={mismatch ? 'error' : 'default'}
          stateRelatedMessage="Les deux mots de passe ne sont pas identiques."
          nativeInputProps={{
            type: 'password',
            autoComplete: 'new-password',
            required: true,
            value: confirm,
            onChange: (e) => setConfirm(e.target.value),
          }}
        />
        <Button type="submit">Enregistrer et me connecter</Button>
      </form>
    </>
  );
}
