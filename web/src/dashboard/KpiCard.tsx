import { Card, Statistic, Typography } from 'antd';

/** A headline figure; clicking it opens the loans behind it. */
export function KpiCard({ title, value, sub, danger, onClick, testId }: { title: string; value: string; sub: string; danger?: boolean; onClick: () => void; testId: string }) {
  return (
    <Card size="small" hoverable onClick={onClick} data-testid={testId}>
      <Statistic title={title} value={value} valueStyle={danger ? { color: '#cf1322' } : undefined} />
      <Typography.Text type="secondary">{sub}</Typography.Text>
    </Card>
  );
}
