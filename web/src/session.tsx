import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { accountsApi } from './api/accounts';
import { ApiError } from './api/http';
import type { Me } from './types';

interface Session {
  me: Me | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Reads the session again (after a sign-in that happened outside signIn, e.g. an invitation). */
  reload(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    accountsApi
      .me()
      .then(setMe)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
      })
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const { user } = await accountsApi.login(email, password);
    setMe(user);
  }, []);

  const signOut = useCallback(async () => {
    await accountsApi.logout();
    setMe(null);
  }, []);

  const reload = useCallback(async () => {
    setMe(await accountsApi.me());
  }, []);

  return <SessionContext.Provider value={{ me, loading, signIn, signOut, reload }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
