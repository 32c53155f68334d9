import { Button, Card, Checkbox, Empty, Input, Select, Space, Statistic, Table, Typography, type InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDue, formatInstant } from '../../components/dates';
import { ACTION, KIND, SIDE, SLA_STATE, STATUS } from '../../components/labels';
import { ProblemNotice } from '../../components/ProblemNotice';
import { ToneTag } from '../../components/ToneTag';
import { SlaTag } from '../../components/SlaTag';
import { regionName } from '../../lib/regions';
import { T } from './texts';
import { byUrgency, useCasePage, useSlaCounts, type CaseItem, type QueueFilters, type SlaFilter } from './useQueue';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

function regionsOf(c: CaseItem): string {
  if (c.kind === 'TRANSFER') return `${regionName(c.fromRegion)} → ${regionName(c.toRegion)}`;
  return regionName(c.region);
}

export default function QueuePage() {
  const navigate = useNavigate();
  const [filters, setFilters] = useState<QueueFilters>({});
  const [search, setSearch] = useState('');
  const [mine, setMine] = useState(true);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [selected, setSelected] = useState(0);
  const searchRef = useRef<InputRef>(null);
  const cursor = cursors[cursors.length - 1];
  const page = useCasePage(filters, cursor);
  const { sla: _sla, ...countFilters } = filters;
  const counts = useSlaCounts(countFilters);

  const rows = useMemo(() => {
    const items = [...(page.data?.items ?? [])].sort(byUrgency);
    return mine ? items.filter((c) => c.allowedActions.length > 0) : items;
  }, [page.data, mine]);

  const update = (next: QueueFilters) => {
    setFilters(next);
    setCursors([undefined]);
    setSelected(0);
  };

  // Keyboard shortcuts of the queue (not while typing in a field).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"], .ant-select') || event.ctrlKey || event.metaKey || event.altKey) return;
      const nextCursor = page.data?.nextCursor;
      const actions: Record<string, () => void> = {
        '/': () => searchRef.current?.focus(),
        n: () => void navigate('/register'),
        j: () => setSelected((i) => Math.min(i + 1, Math.max(rows.length - 1, 0))),
        k: () => setSelected((i) => Math.max(i - 1, 0)),
        Enter: () => {
          if (rows[selected]) void navigate(`/cases/${rows[selected].caseNo}`);
        },
        r: () => void page.refetch(),
        ']': () => nextCursor && setCursors((c) => [...c, nextCursor]),
        '[': () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
      };
      const action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, rows, selected, page]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {T.title}
        </Typography.Title>
        <Space>
          <Button onClick={() => void page.refetch()}>{T.refresh}</Button>
          <Button type="primary" onClick={() => void navigate('/register')}>
            {T.newCase}
          </Button>
        </Space>
      </Space>

      <section aria-label={T.counts}>
        <Space size="large" wrap>
          {counts.map((q, i) => {
            const state = (['OVERDUE', 'DUE_SOON', 'ON_TRACK', 'PAUSED'] as SlaFilter[])[i];
            const value = q.data ? `${q.data.count}${q.data.more ? '+' : ''}` : '…';
            const active = filters.sla === state;
            return (
              <Card
                key={state}
                size="small"
                hoverable
                role="button"
                tabIndex={0}
                aria-pressed={active}
                aria-label={T.countsOf(SLA_STATE[state].label, value)}
                style={{ minWidth: 130, borderColor: active ? '#1554ad' : undefined }}
                onClick={() => update({ ...filters, sla: active ? undefined : state })}
                onKeyDown={(e) => e.key === ' ' && update({ ...filters, sla: active ? undefined : state })}
              >
                <Statistic title={SLA_STATE[state].label} value={value} styles={{ content: { color: state === 'OVERDUE' ? '#cf1322' : state === 'DUE_SOON' ? '#ad4e00' : undefined } }} />
              </Card>
            );
          })}
        </Space>
      </section>

      <Space wrap>
        <Select aria-label={T.kind} placeholder={T.kind} allowClear style={{ width: 150 }} value={filters.kind} options={options(KIND)} onChange={(kind) => update({ ...filters, kind })} />
        <Select aria-label={T.status} placeholder={T.status} allowClear style={{ width: 160 }} value={filters.status} options={options(STATUS)} onChange={(status) => update({ ...filters, status })} />
        <Select
          aria-label={T.sla}
          placeholder={T.sla}
          allowClear
          style={{ width: 130 }}
          value={filters.sla}
          options={(['OVERDUE', 'DUE_SOON', 'ON_TRACK', 'PAUSED'] as const).map((s) => ({ value: s, label: SLA_STATE[s].label }))}
          onChange={(sla) => update({ ...filters, sla })}
        />
        <Select aria-label={T.side} placeholder={T.side} allowClear style={{ width: 120 }} value={filters.side} options={options(SIDE)} onChange={(side) => update({ ...filters, side })} />
        <Input.Search
          ref={searchRef}
          aria-label={T.search}
          placeholder={T.search}
          allowClear
          enterButton={T.searchButton}
          style={{ width: 340 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(value) => update({ ...filters, q: value.trim() || undefined })}
        />
        <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)}>
          {T.mine}
        </Checkbox>
      </Space>

      <ProblemNotice error={page.error} />

      <Table<CaseItem>
        rowKey="id"
        size="middle"
        loading={page.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description={T.empty} /> }}
        onRow={(_, index) => ({
          'aria-selected': index === selected,
          style: index === selected ? { outline: '2px solid #1554ad', outlineOffset: -2 } : undefined,
          onClick: () => setSelected(index ?? 0),
        })}
        columns={[
          { title: T.caseNo, dataIndex: 'caseNo', render: (caseNo: string) => <Link to={`/cases/${caseNo}`}>{caseNo}</Link> },
          { title: T.kind, dataIndex: 'kind', render: (k: CaseItem['kind']) => KIND[k] },
          { title: T.applicant, render: (_, c) => `${c.applicant.name}（${c.applicant.idNumberMasked}）` },
          { title: T.status, dataIndex: 'status', render: (s: CaseItem['status']) => <ToneTag tone="default">{STATUS[s]}</ToneTag> },
          { title: T.regions, render: (_, c) => regionsOf(c) },
          {
            title: T.stage,
            render: (_, c) =>
              c.sla?.stage ? (
                <Space orientation="vertical" size={0}>
                  <SlaTag state={c.sla.stage.state} days={c.sla.stage.workingDaysRemaining} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDue(c.sla.stage.dueAt)}
                  </Typography.Text>
                </Space>
              ) : (
                T.none
              ),
          },
          { title: T.overall, render: (_, c) => <SlaTag state={c.sla?.overall?.state} days={c.sla?.overall?.workingDaysRemaining} /> },
          { title: T.actions, render: (_, c) => (c.allowedActions.length ? c.allowedActions.map((a) => ACTION[a] ?? a).join('、') : T.none) },
        ]}
      />

      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {T.prev}
          </Button>
          <span>{T.page(cursors.length)}</span>
          <Button disabled={!page.data?.nextCursor} onClick={() => page.data?.nextCursor && setCursors((c) => [...c, page.data!.nextCursor!])}>
            {T.next}
          </Button>
        </Space>
        <Typography.Text type="secondary">
          {T.refreshed(formatInstant(page.dataUpdatedAt ? new Date(page.dataUpdatedAt).toISOString() : null))}
        </Typography.Text>
      </Space>
      <Typography.Text type="secondary">{T.shortcuts}</Typography.Text>
    </Space>
  );
}
