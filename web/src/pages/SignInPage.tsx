import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { ProConnectButton } from '@codegouvfr/react-dsfr/ProConnectButton';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ERRORS } from '../../../src/errors';
import { accountsApi } from '../api/accounts';
import { ApiError } from '../api/http';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session';

export function SignInPage() {
  const { me, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [oidc, setOidc] = useState(false);
  // A failed ProConnect sign-in comes back here with its error code.
  const returned = params.get('erreur');
  const [error, setError] = useState<unknown>(
    returned && returned in ERRORS
      ? new ApiError(401, returned, ERRORS[returned as keyof typeof ERRORS].message)
      : null,
  );
  const [busy, setBusy] = useState(false);
  const back = params.get('retour')?.startsWith('/') ? (params.get('retour') as string) : '/';

  useEffect(() => {
    document.title = 'Connexion — Passnum';
    accountsApi.authConfig().then(
      (c) => setOidc(c.oidc),
      () => setOidc(false),
    );
  }, []);
  useEffect(() => {
    if (me) navigate(back, { replace: true });
  }, [me, back, navigate]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={fr.cx('fr-grid-row', 'fr-grid-row--center')}>
      <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
        <h1>Connexion à Passnum</h1>
        {error !== null && <ErrorAlert error={error} title="Connexion impossible" />}
        {oidc && (
          <div className="fr-mb-4w">
            <ProConnectButton url="/api/v1/auth/oidc/login" />
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <Input
            label="Adresse électronique"
            hintText="Format attendu : nom@domaine.fr"
            nativeInputProps={{
              type: 'email',
              name: 'email',
              autoComplete: 'email',
              required: true,
              value: email,
              onChange: (e) => setEmail(e.target.value),
            }}
          />
          <Input
            label="Mot de passe"
            nativeInputProps={{
              type: 'password',
              name: 'password',
              autoComplete: 'current-password',
              required: true,
              value: password,
              onChange: (e) => setPassword(e.target.value),
            }}
          />
          <Button type="submit" disabled={busy}>
            {busy ? 'Connexion…' : 'Se connecter'}
          </Button>
        </form>
      </div>
    </div>
  );
}
