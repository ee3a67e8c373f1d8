import { Tag } from 'antd';
import { useI18n } from '../i18n/context.js';
import { bucketColor, bucketLabel, riskClassColor, riskClassLabel, stageColor, stageLabel } from '../labels.js';

export function BucketTag({ bucket }: { bucket: string | null | undefined }) {
  if (!bucket) return <span>—</span>;
  return <Tag color={bucketColor(bucket)}>{bucketLabel(bucket)}</Tag>;
}

export function ClassTag({ riskClass }: { riskClass: string | null | undefined }) {
  const { t } = useI18n();
  if (!riskClass) return <span>—</span>;
  return <Tag color={riskClassColor(riskClass)}>{riskClassLabel(t, riskClass)}</Tag>;
}

export function StageTag({ stage }: { stage: number | null | undefined }) {
  const { t } = useI18n();
  if (stage === null || stage === undefined) return <span>—</span>;
  return <Tag color={stageColor(stage)}>{stageLabel(t, stage)}</Tag>;
}
