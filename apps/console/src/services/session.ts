// The signed-in user's token, kept for this browser tab only (sessionStorage): closing the tab signs out.
export interface Session {
  accessToken: string;
  expiresAt: number;
  username: string;
  role: 'CLERK' | 'SUPERVISOR' | 'ADMIN';
  agency: string;
}

const KEY = 'case-desk.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return parsed && parsed.expiresAt > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

/** The token's claims (the API signs them; the console only reads them to shape its menus). */
function claims(token: string): { username: string; role: Session['role']; agency: string } {
  const payload = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
  );
  const { username, role, agency } = JSON.parse(json) as { username: string; role: Session['role']; agency: string };
  return { username, role, agency };
}

export const session = {
  get(): Session | null {
    if (current && current.expiresAt <= Date.now()) session.clear();
    return current;
  },
  start(accessToken: string, expiresInSeconds: number): Session {
    current = { accessToken, expiresAt: Date.now() + expiresInSeconds * 1000, ...claims(accessToken) };
    sessionStorage.setItem(KEY, JSON.stringify(current));
    listeners.forEach((l) => l());
    return current;
  },
  clear(): void {
    current = null;
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
