import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useI18n } from '../i18n/context.js';
import { type NavItem, visibleNav } from '../nav.js';
import { roleLabel } from '../labels.js';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const session = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const businessDate = useQuery({
    queryKey: ['business-date'],
    queryFn: () => unwrap(api.GET('/api/v1/business-date')),
    enabled: session.me !== null,
  });
  if (!session.me) return <Outlet />;

  const items = visibleNav(session.me.permissions);
  const entry = (i: NavItem) => ({ key: i.path, label: t(i.label) });
  const groups = [...new Set(items.flatMap((i) => (i.group ? [i.group] : [])))];
  const menu: MenuProps['items'] = [
    ...items.filter((i) => !i.group).map(entry),
    ...groups.map((g) => ({ key: `group:${g}`, label: t(g === 'admin' ? 'nav.admin' : `nav.group.${g}`), type: 'group' as const, children: items.filter((i) => i.group === g).map(entry) })),
  ];
  const selected = items.map((i) => i.path).filter((p) => location.pathname.startsWith(p));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '14px 20px', fontWeight: 600, fontSize: 16 }}>{t('app.name')}</div>
        <Menu data-testid="nav" mode="inline" selectedKeys={selected} items={menu} onClick={(e) => navigate(e.key)} style={{ borderInlineEnd: 0 }} />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'flex-end', borderBottom: '1px solid #f0f0f0', height: 48, lineHeight: '48px' }}>
          <Space size="middle">
            {businessDate.data && (
              <Typography.Text type="secondary" data-testid="business-date">
                {t('app.businessDate')}: {businessDate.data.businessDate}
              </Typography.Text>
            )}
            <LanguageSwitch />
            <Space size={4}>
              <UserOutlined />
              <span data-testid="me">{session.me.displayName}</span>
              {session.me.roles.map((r) => (
                <Tag key={r} style={{ marginInlineEnd: 0 }}>
                  {roleLabel(t, r)}
                </Tag>
              ))}
            </Space>
            <Button data-testid="logout" icon={<LogoutOutlined />} onClick={() => void session.signOut()}>
              {t('auth.logout')}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 16 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
