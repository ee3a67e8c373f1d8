import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Segmented, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { Loading } from '../../auth/Guard.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { useLoan } from '../../loan/useLoan.js';
import { alertMessage, SeverityTag } from '../severity.js';
import { areasOf } from './rules.js';
import { type Fix, TrackMap } from './TrackMap.js';

type GpsAlert = Schemas['TelematicsAlert'];
const RANGES = [1, 7, 30] as const;
const DAY_MS = 86_400_000;

/** The window read when the query runs: the last `days` days up to now. */
function lastDays(days: number) {
  const to = Date.now();
  return { from: new Date(to - days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

/** The loan 360's GPS tab: each pledged vehicle's recent track on a map without tiles, and its GPS alerts. */
export default function LoanTrackTab({ loanId }: { loanId: number }) {
  const { t } = useI18n();
  const loan = useLoan(loanId, false);
  if (loan.error) return <Alert type="error" showIcon message={loan.error.message} />;
  if (!loan.data) return <Loading />;
  const vehicles = loan.data.vehicles.filter((v): v is NonNullable<typeof v> => v !== null);
  if (vehicles.length === 0) return <Empty description={t('vehicle.none')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {vehicles.map((v) => (
        <VehicleTrack key={v.id} vehicleId={v.id} title={`${v.make} ${v.model} · ${v.gpsDeviceId ?? t('risk.track.noDevice')}`} />
      ))}
    </Space>
  );
}

function VehicleTrack({ vehicleId, title }: { vehicleId: number; title: string }) {
  const { t, lang } = useI18n();
  const [days, setDays] = useState<(typeof RANGES)[number]>(7);
  const track = useQuery({ queryKey: ['risk', 'track', vehicleId, days], queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/track', { params: { path: { id: vehicleId }, query: { ...lastDays(days), limit: 5000 } } })), staleTime: 60_000 });
  const rules = useQuery({ queryKey: ['risk', 'telematics-rules'], queryFn: () => unwrap(api.GET('/api/v1/telematics/rules')), staleTime: 5 * 60_000 });
  const alerts = useQuery({ queryKey: ['risk', 'gps-alerts', { vehicleId }], queryFn: () => unwrap(api.GET('/api/v1/telematics/alerts', { params: { query: { vehicleId, limit: 100 } } })) });
  const fixes = useMemo<Fix[]>(() => (track.data?.points ?? []).flatMap((p) => (p.lat === null || p.lng === null ? [] : [{ eventId: p.eventId, at: p.at, kind: p.kind, lat: p.lat, lng: p.lng }])), [track.data]);
  const areas = useMemo(() => areasOf(rules.data?.items ?? []), [rules.data]);
  const events = track.data?.points.length ?? 0;
  return (
    <Card size="small" title={title} extra={<Segmented size="small" value={days} onChange={(v) => setDays(v as (typeof RANGES)[number])} options={RANGES.map((d) => ({ value: d, label: t('risk.track.days', { n: d }) }))} />}>
      {(track.error ?? rules.error) && <Alert type="error" showIcon message={(track.error ?? rules.error)?.message} />}
      {track.isLoading ? (
        <Loading />
      ) : track.data?.deviceId === null ? (
        <Empty description={t('risk.track.noDevice')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary" data-testid="track-summary">
            {t('risk.track.summary', { events, fixes: fixes.length })}
            {fixes[0] ? ` · ${t('risk.track.latest', { at: formatInstant(fixes[0].at) })}` : ''}
          </Typography.Text>
          <TrackMap fixes={fixes} areas={areas} />
        </Space>
      )}
      <Table<GpsAlert>
        data-testid="vehicle-gps-alerts"
        size="small"
        rowKey="id"
        style={{ marginTop: 12 }}
        title={() => t('risk.gpsAlerts.title')}
        loading={alerts.isLoading}
        dataSource={alerts.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('risk.alerts.none') }}
        columns={[
          { title: t('risk.alerts.at'), dataIndex: 'at', width: 170, render: formatInstant },
          { title: t('risk.alerts.rule'), dataIndex: 'ruleCode', width: 140 },
          { title: t('risk.alerts.severity'), dataIndex: 'severity', width: 90, render: (s: GpsAlert['severity']) => <SeverityTag severity={s} /> },
          { title: t('risk.alerts.message'), key: 'message', render: (_: unknown, a) => alertMessage(a, lang) },
        ]}
      />
    </Card>
  );
}
