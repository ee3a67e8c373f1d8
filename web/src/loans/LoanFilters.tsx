import { Button, Col, Form, Input, InputNumber, Row, Select, Space, TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { branchTree, useAllUsers, useBranches } from '../api/queries.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { branchName } from '../i18n/localized.js';
import { BUCKETS, bucketLabel, LOAN_STATUSES, loanStatusLabel, RISK_CLASSES, riskClassLabel, STAGES, stageLabel } from '../labels.js';
import { joinList, type LoanQuery, splitList } from './filters.js';

interface Values {
  branchId?: number;
  product?: string;
  status?: LoanQuery['status'];
  officerUserId?: number;
  bucket: string[];
  riskClass: string[];
  stage: string[];
  dpdMin?: number | null;
  dpdMax?: number | null;
}

const toValues = (q: LoanQuery): Values => ({
  branchId: q.branchId,
  product: q.product,
  status: q.status,
  officerUserId: q.officerUserId,
  bucket: splitList(q.bucket),
  riskClass: splitList(q.riskClass),
  stage: splitList(q.stage),
  dpdMin: q.dpdMin,
  dpdMax: q.dpdMax,
});

const toQuery = (v: Values): LoanQuery => ({
  branchId: v.branchId ?? undefined,
  product: v.product?.trim() || undefined,
  status: v.status ?? undefined,
  officerUserId: v.officerUserId ?? undefined,
  bucket: joinList(v.bucket ?? []),
  riskClass: joinList(v.riskClass ?? []),
  stage: joinList(v.stage ?? []),
  dpdMin: v.dpdMin ?? undefined,
  dpdMax: v.dpdMax ?? undefined,
});

/** Branch, product, status, officer, bucket, class, stage and DPD range; applied to the URL on Search. */
export function LoanFilters({ query, onApply }: { query: LoanQuery; onApply: (filters: LoanQuery) => void }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<Values>();
  const branches = useBranches();
  const users = useAllUsers();
  const tree = useMemo(() => branchTree(branches.data ?? [], (b) => branchName(b, lang)), [branches.data, lang]);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(query));
  }, [form, query]);

  // Branch and officer pickers list the organisation, which only roles with org.read may read.
  const canPickOrg = can('org.read');
  return (
    <Form<Values> form={form} layout="vertical" size="small" onFinish={(v) => onApply(toQuery(v))} data-testid="loan-filters">
      <Row gutter={12}>
        {canPickOrg && (
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="branchId" label={t('loan.branch')}>
              <TreeSelect allowClear treeDefaultExpandAll treeData={tree} placeholder={t('common.all')} data-testid="filter-branch" />
            </Form.Item>
          </Col>
        )}
        <Col xs={12} md={6} xl={3}>
          <Form.Item name="product" label={t('loan.productCode')}>
            <Input allowClear placeholder={t('common.all')} data-testid="filter-product" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Form.Item name="status" label={t('loan.status')}>
            <Select allowClear placeholder={t('common.all')} options={LOAN_STATUSES.map((s) => ({ value: s, label: loanStatusLabel(t, s) }))} data-testid="filter-status" />
          </Form.Item>
        </Col>
        {canPickOrg && (
          <Col xs={12} md={6} xl={3}>
            <Form.Item name="officerUserId" label={t('loan.officer')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('common.all')}
                options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={12} md={6} xl={3}>
          <Form.Item name="bucket" label={t('loan.bucket')}>
            <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('common.all')} options={BUCKETS.map((b) => ({ value: b, label: bucketLabel(b) }))} data-testid="filter-bucket" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Form.Item name="riskClass" label={t('loan.riskClass')}>
            <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('common.all')} options={RISK_CLASSES.map((c) => ({ value: c, label: riskClassLabel(t, c) }))} data-testid="filter-class" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={2}>
          <Form.Item name="stage" label={t('loan.stage')}>
            <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('common.all')} options={STAGES.map((s) => ({ value: String(s), label: stageLabel(t, s) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Form.Item label={t('loan.dpdRange')}>
            <Space.Compact>
              <Form.Item name="dpdMin" noStyle>
                <InputNumber min={0} precision={0} placeholder={t('loan.dpdMin')} style={{ width: '50%' }} data-testid="filter-dpd-min" />
              </Form.Item>
              <Form.Item name="dpdMax" noStyle>
                <InputNumber min={0} precision={0} placeholder={t('loan.dpdMax')} style={{ width: '50%' }} data-testid="filter-dpd-max" />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" data-testid="filter-apply">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onApply({});
          }}
        >
          {t('common.reset')}
        </Button>
      </Space>
    </Form>
  );
}
