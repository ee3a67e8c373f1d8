import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Divider, Form, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { api, type Ok, unwrap } from '../api/client.js';
import { useI18n } from '../i18n/context.js';
import { loanKey } from '../loan/useLoan.js';
import { type Assessment, HardshipForm } from './HardshipForm.js';
import { optionLabel } from './labels.js';
import { PreviewCompare } from './PreviewCompare.js';
import { historyKey, INBOX_KEY, useLoanRestructurings } from './queries.js';
import { termsOf, TermsForm, type TermValues } from './TermsForm.js';
import { problemText } from './problem-text.js';

type Preview = Ok<'/api/v1/loans/{id}/restructurings/preview', 'post'>;

function AssessmentResult({ a, onAgain }: { a: Assessment; onAgain: () => void }) {
  const { t, lang } = useI18n();
  return (
    <Card size="small" title={t('rs.hardship.result', { date: a.assessedOn })} extra={<Button size="small" onClick={onAgain}>{t('rs.hardship.again')}</Button>} data-testid="rs-assessment">
      <Space direction="vertical" style={{ width: '100%' }}>
        {a.eligible ? <Alert type="success" showIcon message={t('rs.hardship.eligible')} /> : <Alert type="error" showIcon message={t('rs.hardship.notEligible')} />}
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('rs.hardship.suggested')}>
            <span data-testid="rs-suggested">{a.suggested.length ? a.suggested.map((s) => <Tag key={s} color="blue">{optionLabel(t, s)}</Tag>) : '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('rs.hardship.flags')}>
            {a.flags.length ? a.flags.map((f) => <Tag key={f.code} color="orange">{lang === 'zh-CN' ? f.zh : f.en}</Tag>) : t('common.none')}
          </Descriptions.Item>
        </Descriptions>
      </Space>
    </Card>
  );
}

/**
 * The maker's side on the loan 360: the hardship assessment, then terms with a preview of old
 * against new, then the request. Nothing is stored until the request is submitted, and the
 * request carries the preview's position so a payment in between makes it refuse, not surprise.
 */
export function RequestPanel({ loanId }: { loanId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const history = useLoanRestructurings(loanId);
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [form] = Form.useForm<TermValues>();

  const previewing = useMutation({
    mutationFn: (v: TermValues) => unwrap(api.POST('/api/v1/loans/{id}/restructurings/preview', { params: { path: { id: loanId } }, body: { terms: termsOf(v) } })),
    onSuccess: setPreview,
  });
  const submitting = useMutation({
    mutationFn: (v: TermValues) =>
      unwrap(
        api.POST('/api/v1/loans/{id}/restructurings', {
          params: { path: { id: loanId } },
          body: { terms: termsOf(v), hardshipAssessmentId: assessment!.id, reason: v.reason ?? '', positionHash: preview!.positionHash },
        }),
      ),
    onSuccess: async (made) => {
      message.success(t('rs.terms.submitted', { id: made.id }));
      setPreview(null);
      setAssessment(null);
      form.resetFields();
      await Promise.all([queryClient.invalidateQueries({ queryKey: historyKey(loanId) }), queryClient.invalidateQueries({ queryKey: INBOX_KEY }), queryClient.invalidateQueries({ queryKey: loanKey(loanId) })]);
    },
  });

  if (history.isLoading) return <Spin />;
  const pending = history.data?.restructurings.find((r) => r.status === 'pending');
  if (pending) return <Alert type="info" showIcon message={t('rs.terms.pendingExists', { id: pending.id })} data-testid="rs-pending" />;

  const error = previewing.error ?? submitting.error;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="rs-request">
      <Divider titlePlacement="start">{t('rs.hardship.title')}</Divider>
      {assessment ? <AssessmentResult a={assessment} onAgain={() => { setAssessment(null); setPreview(null); }} /> : <HardshipForm loanId={loanId} onAssessed={setAssessment} />}
      <Divider titlePlacement="start">{t('rs.terms.title')}</Divider>
      {!assessment && <Alert type="info" message={t('rs.terms.needAssessment')} />}
      {assessment?.eligible && (
        <>
          <TermsForm form={form} suggested={assessment.suggested} onChange={() => setPreview(null)} />
          {error && <Alert type="error" showIcon message={problemText(error)} data-testid="rs-request-error" />}
          <Space>
            <Button onClick={() => void form.validateFields().then((v) => previewing.mutate(v)).catch(() => undefined)} loading={previewing.isPending} data-testid="rs-preview-button">
              {t('rs.terms.preview')}
            </Button>
            <Button type="primary" disabled={!preview} onClick={() => void form.validateFields().then((v) => submitting.mutate(v)).catch(() => undefined)} loading={submitting.isPending} data-testid="rs-submit">
              {t('rs.terms.submit')}
            </Button>
          </Space>
          {preview && (
            <PreviewCompare
              effectiveOn={preview.effectiveOn}
              comparison={preview.comparison}
              oldSchedule={preview.oldSchedule}
              newSchedule={preview.newSchedule}
              waivedPenaltyFen={preview.waivedPenaltyFen}
              capitalisedFen={preview.capitalised.principalFen + preview.capitalised.interestFen + preview.capitalised.holidayInterestFen}
              extraMonths={preview.size.extraMonths}
            />
          )}
        </>
      )}
    </Space>
  );
}
