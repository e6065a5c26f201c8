import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { rawRequest, request, session } from './api/client';
import { graphql } from './api/graphql';
import { Me, MeFields } from './api/me';

export const MeQuery = graphql(
  `
  query AdminMe {
    me { ...AdminMeFields }
  }
`,
  [MeFields],
);
export type { Me };

export const LoginMutation = graphql(
  `
  mutation AdminLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken expiresIn user { ...AdminMeFields } }
  }
`,
  [MeFields],
);
const LogoutMutation = graphql(`
  mutation AdminLogout($everywhere: Boolean!) {
    logout(everywhere: $everywhere)
  }
`);

interface SessionState {
  /** undefined while the app checks the cookie at start; null when signed out. */
  me: Me | null | undefined;
  /** True when a session ended while a page was open: the sign-in dialog covers the page. */
  expired: boolean;
  signIn(email: string, password: string): Promise<Me>;
  signOut(everywhere: boolean): Promise<void>;
  reloadMe(): Promise<void>;
  accept(payload: { accessToken: string; expiresIn: number }): void;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const reloadMe = useCallback(async () => {
    const data = await request(MeQuery);
    setMe(data.me);
  }, []);

  useEffect(() => {
    let alive = true;
    // The refresh answers with the account too: one request restores the session.
    void session.refresh().then((ok) => {
      if (alive) setMe(ok ? session.user : null);
    });
    const off = session.onSignedOut(() => setExpired(true));
    return () => {
      alive = false;
      off();
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const data = await rawRequest(LoginMutation, { email, password }, null);
    session.accept(data.login);
    const who = data.login.user;
    setMe(who);
    setExpired(false);
    return who;
  }, []);

  const signOut = useCallback(async (everywhere: boolean) => {
    try {
      await request(LogoutMutation, { everywhere });
    } finally {
      session.clear(false);
      setMe(null);
    }
  }, []);

  const accept = useCallback((payload: { accessToken: string; expiresIn: number }) => session.accept(payload), []);

  return <Ctx.Provider value={{ me, expired, signIn, signOut, reloadMe, accept }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(Ctx);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user (pages below the layout only render once there is one). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
