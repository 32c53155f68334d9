import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { session } from '../services/session';
import { useSession } from '../services/useSession';
import { regionName } from '../lib/regions';
import { ROLE } from './labels';

const { Header, Sider, Content } = Layout;

/** The frame of every screen after login: the menu (by role), who is signed in, sign out. */
export function AppLayout({ children }: { children: ReactNode }) {
  const user = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const mainRef = useRef<HTMLElement>(null);
  // On every screen change, focus moves to the new screen (screen readers announce it, shortcuts work at once),
  // unless the screen put it in a field of its own.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || !mainRef.current?.contains(active)) mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);
  const items = [
    { key: '/', label: <Link to="/">工作台</Link> },
    { key: '/register', label: <Link to="/register">受理登记</Link> },
    { key: '/alerts', label: <Link to="/alerts">预警</Link> },
    // The API answers a clerk's report too (their own agency); the menu keeps it to those who oversee several.
    ...(user?.role === 'SUPERVISOR' || user?.role === 'ADMIN' ? [{ key: '/reports', label: <Link to="/reports">报表</Link> }] : []),
    ...(user?.role === 'ADMIN'
      ? [
          { key: '/admin/users', label: <Link to="/admin/users">用户管理</Link> },
          { key: '/admin/calendar', label: <Link to="/admin/calendar">工作日历</Link> },
          { key: '/admin/status', label: <Link to="/admin/status">服务状态</Link> },
        ]
      : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => (k === '/' ? location.pathname === '/' : location.pathname.startsWith(k)));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} width={180} className="no-print">
        <div style={{ color: '#fff', padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>医保经办工作台</div>
        <nav aria-label="主菜单">
          <Menu theme="dark" mode="inline" selectedKeys={selected} items={items} />
        </nav>
      </Sider>
      <Layout>
        <Header className="no-print" style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end' }}>
          {user && (
            <Space>
              <Typography.Text>
                {user.username}（{ROLE[user.role]} · {regionName(user.agency) || user.agency}）
              </Typography.Text>
              <Button
                onClick={() => {
                  session.clear();
                  void navigate('/login');
                }}
              >
                退出
              </Button>
            </Space>
          )}
        </Header>
        <Content ref={mainRef} tabIndex={-1} style={{ margin: 24, outline: 'none' }}>
          {children}
        </Content>
      </Layout>
    </Layout>
  );
}
