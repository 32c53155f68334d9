import { Alert, Button, Card, Col, Collapse, Descriptions, Row, Skeleton, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDue, formatInstant, weekdayOf } from '../../components/dates';
import { ACTION, CHANNEL, CLOCK, INSURANCE, KIND, MATERIAL, REFUND_REASON, STATUS, TRANSFER_REASON } from '../../components/labels';
import { ProblemNotice } from '../../components/ProblemNotice';
import { ToneTag } from '../../components/ToneTag';
import { SlaTag } from '../../components/SlaTag';
import { regionName } from '../../lib/regions';
import { ActionDialog } from './ActionDialog';
import { T } from './texts';
import { useCase, useSlaExplanation, type CaseDetail } from './useCase';

type Clock = Omit<NonNullable<NonNullable<CaseDetail['sla']>['overall']>, 'completedAt'>;

function ClockCard({ title, clock }: { title: string; clock: (Clock & { completedAt?: string | null }) | null | undefined }) {
  return (
    <Card size="small" title={title}>
      {clock ? (
        <Space orientation="vertical" size={4}>
          <SlaTag state={clock.state} />
          <span>
            {T.due}：{formatDue(clock.dueAt)}
          </span>
          <span>{T.daysLeft(clock.workingDaysRemaining)}</span>
          {clock.completedAt && <span>{T.completed(formatInstant(clock.completedAt))}</span>}
          {!clock.calendarConfirmed && <Alert type="warning" showIcon title={T.unconfirmed} />}
        </Space>
      ) : (
        '—'
      )}
    </Card>
  );
}

function SlaExplanation({ idOrCaseNo, version }: { idOrCaseNo: string; version: number }) {
  const explanation = useSlaExplanation(idOrCaseNo, version);
  if (!explanation.data) return null;
  return (
    <Collapse
      items={[
        {
          key: 'why',
          label: T.why,
          children: (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {explanation.data.clocks.map((c) => (
                <div key={c.clock}>
                  <Typography.Text strong>
                    {CLOCK[c.clock]} · {T.budget(c.budgetDays)} · {formatInstant(c.startedAt)} 起 · {T.due} {c.dueDate ?? '—'}
                  </Typography.Text>{' '}
                  <SlaTag state={c.state} />
                  <div>
                    {T.counted}（{c.countedDays.length}）：{c.countedDays.join('、') || '—'}
                  </div>
                  <div>
                    {T.skipped}：
                    {c.skippedDays.length
                      ? c.skippedDays.map((d) => `${d.date}（${d.reason === 'WEEKEND' ? T.weekend + ' ' + weekdayOf(d.date) : d.name ?? ''}）`).join('、')
                      : '—'}
                  </div>
                  {c.pauses.length > 0 && (
                    <div>
                      {T.paused}：{c.pauses.map((p) => T.pausedFrom(formatInstant(p.pausedAt), p.resumedAt ? formatInstant(p.resumedAt) : T.ongoing)).join('；')}
                    </div>
                  )}
                </div>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

function Facts({ c }: { c: CaseDetail }) {
  const items = [
    { label: T.applicant, children: c.applicant.name },
    { label: T.idNumber, children: <span style={{ fontFamily: 'monospace' }}>{c.applicant.idNumberMasked}</span> },
    { label: T.phone, children: c.applicant.phoneMasked ?? '—' },
    { label: T.kind, children: KIND[c.kind] },
    { label: T.status, children: <ToneTag tone="blue">{STATUS[c.status]}</ToneTag> },
    { label: T.insurance, children: INSURANCE[c.insuranceType] },
    ...(c.kind === 'TRANSFER'
      ? [
          { label: T.regions, children: `${regionName(c.fromRegion)} → ${regionName(c.toRegion)}` },
          { label: T.scope, children: c.scope === 'INTRA_PROVINCE' ? T.intra : T.cross },
          { label: T.toInsurance, children: INSURANCE[c.toInsuranceType ?? c.insuranceType] },
          { label: T.reason, children: TRANSFER_REASON[c.reason] ?? c.reason },
          { label: T.months, children: c.contributionMonths ?? '—' },
          { label: T.balance, children: c.balanceAmount ?? '—' },
        ]
      : [
          { label: T.region, children: regionName(c.region) },
          { label: T.reason, children: REFUND_REASON[c.reason] ?? c.reason },
          { label: T.amount, children: c.amount },
          { label: T.period, children: `${c.periodFrom} 至 ${c.periodTo}` },
          { label: T.approved, children: c.approvedAmount ?? '—' },
          { label: T.paid, children: c.paidAmount ?? '—' },
        ]),
    { label: T.channel, children: CHANNEL[c.channel] },
    { label: T.createdAt, children: formatInstant(c.createdAt) },
    ...(c.materialsRequested.length ? [{ label: T.materials, children: c.materialsRequested.map((m) => MATERIAL[m] ?? m).join('、') }] : []),
  ];
  return <Descriptions bordered size="small" column={3} items={items.map((i, n) => ({ key: n, ...i }))} />;
}

export default function CasePage() {
  const { idOrCaseNo = '' } = useParams();
  const query = useCase(idOrCaseNo);
  const navigate = useNavigate();
  const [action, setAction] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const c = query.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space align="baseline">
          <Link to="/">{T.back}</Link>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {c?.caseNo ?? idOrCaseNo}
          </Typography.Title>
          {c && <Typography.Text type="secondary">{T.version(c.version)}</Typography.Text>}
        </Space>
        {c && (
          <Button onClick={() => void navigate(`/cases/${c.caseNo}/receipt`)}>{T.receipt}</Button>
        )}
      </Space>
      <ProblemNotice error={query.error} />
      {stale && <Alert role="alert" type="warning" showIcon closable title={T.stale} onClose={() => setStale(false)} />}
      {!c ? (
        query.isLoading && <Skeleton active />
      ) : (
        <>
          <Card title={T.actions} size="small">
            {c.allowedActions.length ? (
              <Space wrap>
                {c.allowedActions.map((a) => (
                  <Button key={a} type={a === 'reject' || a === 'withdraw' ? 'default' : 'primary'} danger={a === 'reject'} onClick={() => { setStale(false); setAction(a); }}>
                    {ACTION[a] ?? a}
                  </Button>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{T.noActions}</Typography.Text>
            )}
          </Card>
          <Facts c={c} />
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {T.clocks}
          </Typography.Title>
          <Row gutter={16}>
            <Col span={12}>
              <ClockCard title={c.sla?.stage ? T.stageClock(CLOCK[c.sla.stage.name]) : T.stageClock('—')} clock={c.sla?.stage} />
            </Col>
            <Col span={12}>
              <ClockCard title={T.overallClock} clock={c.sla?.overall} />
            </Col>
          </Row>
          <SlaExplanation idOrCaseNo={c.caseNo} version={c.version} />
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {T.timeline}
          </Typography.Title>
          <Timeline
            items={c.timeline.map((e, i) => ({
              key: i,
              content: (
                <div>
                  <Typography.Text strong>{ACTION[e.action] ?? e.action}</Typography.Text>
                  {' · '}
                  {STATUS[e.to]} · {e.actor} · {formatInstant(e.at)}
                  {e.comment && <div>{e.comment}</div>}
                </div>
              ),
            }))}
          />
          <ActionDialog action={action} detail={c} onClose={() => setAction(null)} onStale={() => setStale(true)} />
        </>
      )}
    </Space>
  );
}
