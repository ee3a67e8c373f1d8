import { Descriptions, Empty, Space } from 'antd';
import { formatCount, formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import type { Loan360 } from './useLoan.js';

/** The collateral: each vehicle pledged for the loan. */
export function VehiclePanel({ vehicles }: { vehicles: Loan360['vehicles'] }) {
  const { t } = useI18n();
  const list = vehicles.filter((v): v is NonNullable<typeof v> => v !== null);
  if (list.length === 0) return <Empty description={t('vehicle.none')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {list.map((v) => (
        <Descriptions key={v.id} size="small" bordered column={{ xs: 1, md: 3 }} data-testid="vehicle">
          <Descriptions.Item label={t('vehicle.makeModel')}>
            {v.make} {v.model} ({v.modelYear})
          </Descriptions.Item>
          <Descriptions.Item label="VIN">{v.vin ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('vehicle.plate')}>{v.plate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('vehicle.condition')}>{t(`vehicle.${v.condition}`)}</Descriptions.Item>
          <Descriptions.Item label={t('vehicle.price')}>{formatFen(v.priceFen)}</Descriptions.Item>
          <Descriptions.Item label={t('vehicle.mileage')}>{v.mileageKm === null ? '—' : `${formatCount(v.mileageKm)} km`}</Descriptions.Item>
          <Descriptions.Item label={t('vehicle.gps')}>{v.gpsDeviceId ?? '—'}</Descriptions.Item>
        </Descriptions>
      ))}
    </Space>
  );
}
