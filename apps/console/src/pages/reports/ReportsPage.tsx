import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, DatePicker, Row, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { EChart } from '../../components/EChart';
import { formatInstant } from '../../components/dates';
import { KIND } from '../../components/labels';
import { ProblemNotice, problemText } from '../../components/ProblemNotice';
import { formatRate, keyLabel } from './format';
import { T } from './texts';
import { downloadReport, MAX_DAYS, periodOk, useReport, useReportFilters, type GroupBy, type Kind, type Report, type ReportRow } from './useReports';

const figure = (n: number | null) => (n === null ? '—' : String(n));

/** A column title with the API's definition of the figure as its tooltip (reachable with the keyboard). */
function titled(label: string, definition: string | undefined): ReactNode {
  if (!definition) return label;
  return (
    <Tooltip title={definition}>
      <span tabIndex={0} style={{ borderBottom: '1px dotted currentColor', cursor: 'help' }}>
        {label}
      </span>
    </Tooltip>
  );
}

type Line = ReportRow & { label: string };

function columns(report: Report | undefined, groupBy: GroupBy): ColumnsType<Line> {
  const d = report?.definitions ?? {};
  return [
    { title: T.keyColumn[groupBy], dataIndex: 'label' },
    { title: titled(T.finished, d.finished), dataIndex: 'finished', align: 'right' },
    { title: titled(T.met, d.met), dataIndex: 'met', align: 'right' },
    { title: titled(T.missed, d.missed), dataIndex: 'missed', align: 'right' },
    { title: titled(T.onTimeRate, d.onTimeRate), dataIndex: 'onTimeRate', align: 'right', render: formatRate },
    {
      title: titled(`${T.median}${T.workingDays}`, d.workingDaysUsed),
      key: 'median',
      align: 'right',
      render: (_, r) => figure(r.workingDaysUsed.median),
    },
    { title: titled(`${T.p90}${T.workingDays}`, d.workingDaysUsed), key: 'p90', align: 'right', render: (_, r) => figure(r.workingDaysUsed.p90) },
    { title: titled(`${T.max}${T.workingDays}`, d.workingDaysUsed), key: 'max', align: 'right', render: (_, r) => figure(r.workingDaysUsed.max) },
    { title: titled(T.paused, d.pausedWorkingDays), dataIndex: 'pausedWorkingDays', align: 'right' },
    { title: titled(T.openOverdue, d.openOverdue), dataIndex: 'openOverdue', align: 'right' },
    { title: titled(T.openDueSoon, d.openDueSoon), dataIndex: 'openDueSoon', align: 'right' },
  ];
}

const BLUE = '#1554ad';
const GREEN = '#389e0d';

function rateByAgencyOption(report: Report) {
  const rows = report.rows.filter((r) => r.onTimeRate !== null);
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 48, right: 16, top: 24, bottom: 64 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    xAxis: { type: 'category', data: rows.map((r) => keyLabel('agency', r.key)), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0, color: '#262626' } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#262626' } },
    series: [
      {
        type: 'bar',
        name: T.onTimeRate,
        barMaxWidth: 48,
        itemStyle: { color: BLUE },
        label: { show: true, position: 'top', formatter: '{c}%', color: '#262626' },
        data: rows.map((r) => Math.round((r.onTimeRate ?? 0) * 1000) / 10),
      },
    ],
  };
}

function trendOption(report: Report) {
  const months = report.rows.map((r) => r.key);
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: '#262626' } },
    xAxis: { type: 'category', data: months, axisLabel: { color: '#262626' } },
    yAxis: [
      { type: 'value', name: T.finished, minInterval: 1, axisLabel: { color: '#262626' } },
      { type: 'value', name: T.onTimeRate, min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#262626' } },
    ],
    series: [
      { type: 'bar', name: T.finished, itemStyle: { color: '#91caff' }, barMaxWidth: 32, data: report.rows.map((r) => r.finished) },
      {
        type: 'line',
        name: T.onTimeRate,
        yAxisIndex: 1,
        connectNulls: true,
        itemStyle: { color: GREEN },
        lineStyle: { width: 3 },
        data: report.rows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)),
      },
    ],
  };
}

export default function ReportsPage() {
  const [filters, setFilters] = useReportFilters();
  const valid = periodOk(filters.from, filters.to);
  const report = useReport(filters);
  // The charts have their own groupings: agencies for the bar chart, months for the trend.
  const byAgency = useReport({ ...filters, groupBy: 'agency' });
  const byMonth = useReport({ ...filters, groupBy: 'month' });
  const { message } = App.useApp();
  const download = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => downloadReport(filters, format),
    onSuccess: (name) => void message.success(T.downloaded(name)),
    onError: (error) => void message.error(problemText(error)),
  });
  const data = report.data;
  const lines = useMemo<Line[]>(() => (data?.rows ?? []).map((r) => ({ ...r, label: keyLabel(data!.groupBy, r.key) })), [data]);
  const agencyOption = useMemo(() => byAgency.data && rateByAgencyOption(byAgency.data), [byAgency.data]);
  const monthOption = useMemo(() => byMonth.data && trendOption(byMonth.data), [byMonth.data]);
  const total = data?.total;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {T.title}
      </Typography.Title>
      <Space wrap>
        <DatePicker.RangePicker
          aria-label={T.period}
          id={{ start: 'report-from', end: 'report-to' }}
          allowClear={false}
          value={[dayjs(filters.from), dayjs(filters.to)]}
          disabledDate={(day, info) => Boolean(info?.from && Math.abs(day.diff(info.from, 'day')) > MAX_DAYS)}
          onChange={(range) => range?.[0] && range[1] && setFilters({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
        />
        <Select<GroupBy>
          aria-label={T.groupBy}
          style={{ width: 140 }}
          value={filters.groupBy}
          onChange={(groupBy) => setFilters({ groupBy })}
          options={(Object.keys(T.groups) as GroupBy[]).map((value) => ({ value, label: T.groups[value] }))}
        />
        <Select<Kind>
          aria-label={T.kind}
          placeholder={T.allKinds}
          allowClear
          style={{ width: 160 }}
          value={filters.kind}
          onChange={(kind) => setFilters({ kind })}
          options={(Object.keys(KIND) as Kind[]).map((value) => ({ value, label: KIND[value] }))}
        />
        <Button onClick={() => download.mutate('csv')} loading={download.isPending && download.variables === 'csv'} disabled={!valid}>
          {T.csv}
        </Button>
        <Button onClick={() => download.mutate('xlsx')} loading={download.isPending && download.variables === 'xlsx'} disabled={!valid}>
          {T.xlsx}
        </Button>
      </Space>
      {!valid && <Alert type="error" showIcon role="alert" title={T.periodTooLong} />}
      <ProblemNotice error={report.error} />
      {total && (
        <Row gutter={16}>
          <Col span={6}>
            <Card size="small">
              <Statistic title={T.finished} value={total.finished} />
            </Card>
          </Col>
          <Col span={6}>
            <Card size="small">
              <Statistic title={T.onTimeRate} value={formatRate(total.onTimeRate)} />
            </Card>
          </Col>
          <Col span={6}>
            <Card size="small">
              <Statistic title={T.openOverdue} value={total.openOverdue} styles={{ content: total.openOverdue > 0 ? { color: '#a8071a' } : undefined }} />
            </Card>
          </Col>
          <Col span={6}>
            <Card size="small">
              <Statistic title={T.openDueSoon} value={total.openDueSoon} styles={{ content: total.openDueSoon > 0 ? { color: '#873800' } : undefined }} />
            </Card>
          </Col>
        </Row>
      )}
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title={T.rateByAgency}>
            {agencyOption && byAgency.data!.rows.some((r) => r.onTimeRate !== null) ? (
              <EChart option={agencyOption} label={T.chartByAgency(byAgency.data!.rows.filter((r) => r.onTimeRate !== null).length)} />
            ) : (
              <Typography.Text type="secondary">{T.noFigures}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={T.trend}>
            {monthOption ? <EChart option={monthOption} label={T.chartTrend(byMonth.data!.rows.length)} /> : <Typography.Text type="secondary">{T.noFigures}</Typography.Text>}
          </Card>
        </Col>
      </Row>
      <Table<Line>
        rowKey="key"
        size="middle"
        loading={report.isFetching}
        dataSource={lines}
        pagination={false}
        locale={{ emptyText: T.empty }}
        columns={columns(data, filters.groupBy)}
        summary={() =>
          total && (
            <Table.Summary.Row style={{ fontWeight: 600 }}>
              <Table.Summary.Cell index={0}>{T.total}</Table.Summary.Cell>
              {[
                figure(total.finished),
                figure(total.met),
                figure(total.missed),
                formatRate(total.onTimeRate),
                figure(total.workingDaysUsed.median),
                figure(total.workingDaysUsed.p90),
                figure(total.workingDaysUsed.max),
                figure(total.pausedWorkingDays),
                figure(total.openOverdue),
                figure(total.openDueSoon),
              ].map((v, i) => (
                <Table.Summary.Cell key={i} index={i + 1} align="right">
                  {v}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )
        }
      />
      {data && (
        <Typography.Text type="secondary">{T.generatedAt(formatInstant(data.generatedAt))}</Typography.Text>
      )}
      {data && (
        <Collapse
          size="small"
          items={[
            {
              key: 'definitions',
              label: T.definitions,
              children: (
                <>
                  <Typography.Paragraph type="secondary">{T.definitionsNote}</Typography.Paragraph>
                  <dl className="report-definitions">
                    {Object.entries(data.definitions).map(([name, text]) => (
                      <div key={name}>
                        <dt>
                          <code>{name}</code>
                        </dt>
                        <dd>{text}</dd>
                      </div>
                    ))}
                  </dl>
                </>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
