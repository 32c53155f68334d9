import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { useSession } from './services/useSession';
import './components/dates';

// Each screen is its own chunk.
const QueuePage = lazy(() => import('./pages/queue/QueuePage'));
const RegisterPage = lazy(() => import('./pages/register/RegisterPage'));
const CasePage = lazy(() => import('./pages/case/CasePage'));
const ReceiptPage = lazy(() => import('./pages/receipt/ReceiptPage'));
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage'));
const UsersPage = lazy(() => import('./pages/admin-users/UsersPage'));
const CalendarPage = lazy(() => import('./pages/admin-calendar/CalendarPage'));

const loading = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin aria-label="加载中" />
  </div>
);

/** Sends the clerk to the login screen (and back here afterwards) when there is no valid session. */
function RequireSession({ children }: { children: ReactNode }) {
  const user = useSession();
  const location = useLocation();
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <AppLayout>
      <Suspense fallback={loading}>{children}</Suspense>
    </AppLayout>
  );
}

/** Every screen after login, in Ant Design with its Chinese locale. */
export default function Workspace() {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1554ad' } }}>
      <AntApp>
        <Routes>
          <Route path="/" element={<RequireSession><QueuePage /></RequireSession>} />
          <Route path="/register" element={<RequireSession><RegisterPage /></RequireSession>} />
          <Route path="/cases/:idOrCaseNo" element={<RequireSession><CasePage /></RequireSession>} />
          <Route path="/cases/:idOrCaseNo/receipt" element={<RequireSession><ReceiptPage /></RequireSession>} />
          <Route path="/alerts" element={<RequireSession><AlertsPage /></RequireSession>} />
          <Route path="/admin/users" element={<RequireSession><UsersPage /></RequireSession>} />
          <Route path="/admin/calendar" element={<RequireSession><CalendarPage /></RequireSession>} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
