import { Alert, Card, Col, Result, Row, Space, Spin, Tabs } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.js';
import { useBusinessDate } from '../../api/queries.js';
import { useSession } from '../../auth/context.js';
import { useI18n } from '../../i18n/context.js';
import type { CaseDetail, CaseTask } from '../case-types.js';
import { useCase } from '../queries.js';
import { CaseHeader } from './CaseHeader.js';
import { CaseTasksTable } from './CaseTasksTable.js';
import { ContactForm } from './ContactForm.js';
import { ContactsTable } from './ContactsTable.js';
import { OwnerHistory } from './OwnerHistory.js';
import { PromiseForm } from './PromiseForm.js';
import { PromisesTable } from './PromisesTable.js';
import { StepCard } from './StepCard.js';
import { TalkingPointsCard } from './TalkingPointsCard.js';

/** The step to work: the task the queue gave (?task=), else one the user holds, else the newest still waiting. */
function currentTask(c: CaseDetail, fromQueue: number | null, me: number | null): CaseTask | null {
  const waiting = c.tasks.filter((x) => x.status === 'open' || x.status === 'held');
  return waiting.find((x) => x.id === fromQueue) ?? waiting.find((x) => x.status === 'held' && x.heldBy === me) ?? waiting.at(-1) ?? null;
}

/**
 * The case workspace: the loan's state and the case's owner, the step the strategy asks for and
 * why, what to say, the next allowed contact and the contact log form, a promise to pay, and the
 * case's history. Without collection.work (QA, auditors) it is read-only.
 */
export default function CasePage() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const fromQueue = params.get('task') === null ? null : Number(params.get('task'));
  const c = useCase(id);
  const businessDate = useBusinessDate();
  const [tab, setTab] = useState('contacts');
  const [linkContactId, setLinkContactId] = useState<number | null>(null);

  if (!Number.isSafeInteger(id) || id <= 0 || (c.error instanceof ApiError && c.error.status === 404)) return <Result status="404" title="404" subTitle={t('coll.case.notFound')} />;
  if (c.error) return <Alert type="error" showIcon message={c.error.message} />;
  if (!c.data || !businessDate.data || !me) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;

  const data = c.data;
  const task = currentTask(data, fromQueue, me.id);
  const working = can('collection.work') && data.closedOn === null;
  const heldByMe = task !== null && task.status === 'held' && task.heldBy === me.id ? task.id : undefined;

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <CaseHeader c={data} canOpenLoan={can('loan.read')} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={11}>
          <Space direction="vertical" size="small" style={{ width: '100%' }}>
            <StepCard task={task} myUserId={me.id} />
            <TalkingPointsCard c={data} task={task} />
          </Space>
        </Col>
        {working && (
          <Col xs={24} xl={13}>
            <Space direction="vertical" size="small" style={{ width: '100%' }}>
              <ContactForm
                caseId={data.id}
                myUserId={me.id}
                taskId={heldByMe}
                onLogged={(contact) => {
                  setTab('contacts');
                  if (contact.outcome === 'promise') setLinkContactId(contact.id);
                }}
              />
              <PromiseForm caseId={data.id} businessDate={businessDate.data.businessDate} contacts={data.contacts} linkContactId={linkContactId} hasActive={data.promises.some((p) => p.state === 'active')} onRecorded={() => setTab('promises')} />
            </Space>
          </Col>
        )}
      </Row>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'contacts', label: `${t('coll.case.contacts')} (${data.contacts.length})`, children: <ContactsTable contacts={data.contacts} /> },
            { key: 'promises', label: `${t('coll.case.promises')} (${data.promises.length})`, children: <PromisesTable promises={data.promises} /> },
            { key: 'tasks', label: `${t('coll.case.tasks')} (${data.tasks.length})`, children: <CaseTasksTable tasks={data.tasks} /> },
            { key: 'owners', label: t('coll.case.owners'), children: <OwnerHistory rows={data.ownerHistory} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
