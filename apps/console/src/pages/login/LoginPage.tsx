import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { problemText } from '../../components/problem-text';
import { ApiError, api, must } from '../../services/api';
import { session } from '../../services/session';
import { T } from './texts';
import './login.css';

interface Credentials {
  username: string;
  password: string;
}

function useLogin() {
  return useMutation({
    mutationFn: async (body: Credentials) => {
      const token = await must(api.POST('/v1/auth/token', { body }));
      return session.start(token.accessToken, token.expiresIn);
    },
  });
}

/** Seconds left until a 429's Retry-After passes, counting down. */
function useWait(error: unknown): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (!(error instanceof ApiError) || error.status !== 429) return;
    const until = Date.now() + (error.retryAfterSeconds ?? 60) * 1000;
    const tick = () => setLeft(Math.max(0, Math.ceil((until - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [error]);
  return left;
}

/** The first screen: plain HTML and CSS (no component library), so it is usable at once. */
export default function LoginPage() {
  const login = useLogin();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as { from?: string; expired?: boolean };
  const [values, setValues] = useState<Credentials>({ username: '', password: '' });
  const [missing, setMissing] = useState<Partial<Record<keyof Credentials, boolean>>>({});
  const wait = useWait(login.error);
  useEffect(() => {
    // The moment the first screen can be used; the browser tests read it (performance.getEntriesByName).
    if (performance.getEntriesByName('console:interactive').length === 0) performance.mark('console:interactive');
  }, []);
  const limited = login.error instanceof ApiError && login.error.status === 429;

  const message = !login.error
    ? state.expired
      ? T.expired
      : null
    : login.error instanceof ApiError && login.error.status === 401
      ? T.wrong
      : limited
        ? wait > 0
          ? T.tooMany(wait)
          : T.canRetry
        : problemText(login.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const gaps = { username: values.username === '', password: values.password === '' };
    setMissing(gaps);
    if (gaps.username || gaps.password) return;
    login.mutate(values, {
      onSuccess: () => {
        (document.activeElement as HTMLElement | null)?.blur();
        void navigate(state.from && state.from !== '/login' ? state.from : '/', { replace: true });
      },
    });
  };

  const field = (name: keyof Credentials, label: string, type: string, autoComplete: string) => (
    <div className="login-field">
      <label htmlFor={`login-${name}`}>{label}</label>
      <input
        id={`login-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        autoFocus={name === 'username'}
        aria-invalid={missing[name] || undefined}
        aria-describedby={missing[name] ? `login-${name}-error` : undefined}
        value={values[name]}
        onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      />
      {missing[name] && (
        <div id={`login-${name}-error`} className="login-error">
          {T.required}
          {label}
        </div>
      )}
    </div>
  );

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={submit} noValidate>
        <h1>{T.title}</h1>
        <p className="login-subtitle">{T.subtitle}</p>
        {message && (
          <div role="alert" className={`login-alert ${state.expired && !login.error ? 'login-alert-warning' : ''}`}>
            {message}
          </div>
        )}
        {field('username', T.username, 'text', 'username')}
        {field('password', T.password, 'password', 'current-password')}
        <button type="submit" disabled={login.isPending || (limited && wait > 0)}>
          {login.isPending ? T.signingIn : T.submit}
        </button>
      </form>
    </main>
  );
}
