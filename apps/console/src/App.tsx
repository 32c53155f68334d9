import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import LoginPage from './pages/login/LoginPage';
import { ApiError, setUnauthenticatedHandler } from './services/api';

// The login screen is the first one a clerk sees: it is plain HTML and CSS in the entry chunk, so it is usable
// before the component library has loaded. Everything behind it (Ant Design, every other screen, each in its
// own chunk) loads while the clerk types.
const Workspace = lazy(() => import('./Workspace'));
const preloadWorkspace = () => void import('./Workspace');

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A refusal is an answer: retry only what may pass on a second try.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
    },
  },
});

function UnauthenticatedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      queryClient.clear();
      void navigate('/login', { replace: true, state: { from: location.pathname + location.search, expired: true } });
    });
  }, [navigate, location]);
  return null;
}

export function App() {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    idle(preloadWorkspace);
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/console">
        <UnauthenticatedRedirect />
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            path="*"
            element={
              <Suspense fallback={<div className="boot">加载中…</div>}>
                <Workspace />
              </Suspense>
            }
          />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
