import type { TSessionUser } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { signIn } from '../api';
import { localiseTimestamps } from '../dates';

interface Props {
  notice?: string | undefined;
  /** Keeps the new session; may refuse it by throwing (the message is shown). */
  onSignedIn: (token: string, user: TSessionUser) => Promise<void>;
}

export function SignInScreen({ notice, onSignedIn }: Props) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { token, user } = await signIn(login.trim(), password);
      await onSignedIn(token, user);
    } catch (err) {
      setError(localiseTimestamps(err instanceof Error ? err.message : String(err)));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="screen">
      <h1>Fieldkeep — sign in</h1>
      {notice && !error && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="alert" role="alert">
          <strong>Not signed in.</strong> {error}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label className="field">
          <span>Email or sign-in name</span>
          <input
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type={showPassword ? 'text' : 'password'}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.currentTarget.checked)} />
          <span>Show password</span>
        </label>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">
        Forgotten your password? If your account has an email address, <a href="/reset-password">reset your password</a>;
        otherwise ask your admin.
      </p>
    </main>
  );
}
