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
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'));
const StatusPage = lazy(() => import('./pages/admin-status/StatusPage'));

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

// Darker secondary and placeholder text than the library's default, for a contrast of at least 4.5:1 (WCAG AA);
// no animations: a clerk at a busy window wants the answer, not the transition.
const THEME = {
  token: {
    colorPrimary: '#1554ad',
    colorLink: '#1554ad',
    colorError: '#cf1322',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
    motion: false,
  },
};

/** Every screen after login, in Ant Design with its Chinese locale. */
export default function Workspace() {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={THEME}>
      <AntApp>
        <Routes>
          <Route path="/" element={<RequireSession><QueuePage /></RequireSession>} />
          <Route path="/register" element={<RequireSession><RegisterPage /></RequireSession>} />
          <Route path="/cases/:idOrCaseNo" element={<RequireSession><CasePage /></RequireSession>} />
          <Route path="/cases/:idOrCaseNo/receipt" element={<RequireSession><ReceiptPage /></RequireSession>} />
          <Route path="/alerts" element={<RequireSession><AlertsPage /></RequireSession>} />
          <Route path="/admin/users" element={<RequireSession><UsersPage /></RequireSession>} />
          <Route path="/admin/calendar" element={<RequireSession><CalendarPage /></RequireSession>} />
          <Route path="/reports" element={<RequireSession><ReportsPage /></RequireSession>} />
          <Route path="/admin/status" element={<RequireSession><StatusPage /></RequireSession>} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
