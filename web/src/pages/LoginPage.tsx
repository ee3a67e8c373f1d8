import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { reasonOf, safeNext } from '../auth/paths.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useI18n } from '../i18n/context.js';
import { homePath } from '../nav.js';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const reason = reasonOf(params.get('reason'));
  const next = params.get('next');

  if (session.me) return <Navigate to={next ? safeNext(next) : homePath(session.me.permissions)} replace />;

  const submit = async (values: Credentials) => {
    setPending(true);
    setError(null);
    try {
      // Signed in, this page redirects itself (below) to where the user was going.
      session.signedIn(await unwrap(api.POST('/api/v1/auth/login', { body: values })));
    } catch (e) {
      setError(e instanceof ApiError ? e.problem.title : t('error.network'));
    } finally {
      setPending(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 360 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <LanguageSwitch />
          </div>
          {reason === 'expired' && <Alert data-testid="login-reason" type="warning" showIcon message={t('auth.expired')} />}
          {reason === 'unauthenticated' && <Alert data-testid="login-reason" type="info" showIcon message={t('auth.signInAgain')} />}
          {reason === 'signed-out' && <Alert data-testid="login-reason" type="success" showIcon message={t('auth.signedOut')} />}
          {error && <Alert data-testid="login-error" type="error" showIcon message={error} />}
          <Form<Credentials> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} size="middle">
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('form.required') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('form.required') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={pending} data-testid="login-submit">
              {t('auth.login')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
