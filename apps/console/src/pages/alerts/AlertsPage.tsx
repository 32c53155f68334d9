import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDue, formatInstant } from '../../components/dates';
import { ALERT_LEVEL, CLOCK } from '../../components/labels';
import { ProblemNotice, problemText } from '../../components/ProblemNotice';
import { ToneTag } from '../../components/ToneTag';
import { regionName } from '../../lib/regions';
import { api, must, type Schemas } from '../../services/api';
import { T } from './texts';

type Alert = Schemas['Alert'];
type Level = Alert['level'];

function useAlerts(level: Level | undefined, acknowledged: 'true' | 'false' | undefined) {
  return useInfiniteQuery({
    queryKey: ['alerts', level, acknowledged],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => must(api.GET('/v1/alerts', { params: { query: { level, acknowledged, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
}

function useAcknowledge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => must(api.POST('/v1/alerts/{id}/acknowledge', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  });
}

export default function AlertsPage() {
  const [level, setLevel] = useState<Level>();
  const [acknowledged, setAcknowledged] = useState<'true' | 'false' | undefined>('false');
  const alerts = useAlerts(level, acknowledged);
  const acknowledge = useAcknowledge();
  const { message } = App.useApp();
  const rows = alerts.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {T.title}
      </Typography.Title>
      <Space>
        <Select<Level>
          aria-label={T.level}
          placeholder={T.level}
          allowClear
          style={{ width: 140 }}
          value={level}
          onChange={setLevel}
          options={Object.entries(ALERT_LEVEL).map(([value, { label }]) => ({ value: value as Level, label }))}
        />
        <Select
          aria-label={T.acknowledged}
          placeholder={T.acknowledged}
          allowClear
          style={{ width: 120 }}
          value={acknowledged}
          onChange={setAcknowledged}
          options={[
            { value: 'false', label: T.open },
            { value: 'true', label: T.done },
          ]}
        />
      </Space>
      <ProblemNotice error={alerts.error} />
      <Table<Alert>
        rowKey="id"
        size="middle"
        loading={alerts.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: T.empty }}
        columns={[
          { title: T.level, dataIndex: 'level', render: (l: Level) => <ToneTag tone={ALERT_LEVEL[l].color}>{ALERT_LEVEL[l].label}</ToneTag> },
          { title: T.caseNo, dataIndex: 'caseNo', render: (caseNo: string) => <Link to={`/cases/${caseNo}`}>{caseNo}</Link> },
          { title: T.clock, dataIndex: 'clock', render: (clock: string) => CLOCK[clock] },
          { title: T.agency, dataIndex: 'agency', render: (a: string) => regionName(a) || a },
          { title: T.dueAt, dataIndex: 'dueAt', render: (d: string) => formatDue(d) },
          { title: T.raisedAt, dataIndex: 'raisedAt', render: (d: string) => formatInstant(d) },
          {
            title: T.acknowledged,
            render: (_, a) =>
              a.acknowledgedAt ? (
                `${T.by} ${a.acknowledgedBy ?? ''} · ${formatInstant(a.acknowledgedAt)}`
              ) : (
                <Button
                  size="small"
                  aria-label={`${T.acknowledge} ${a.caseNo} ${ALERT_LEVEL[a.level].label}`}
                  loading={acknowledge.isPending && acknowledge.variables === a.id}
                  onClick={() =>
                    acknowledge.mutate(a.id, {
                      onSuccess: () => void message.success(T.acknowledgedOk),
                      onError: (error) => void message.error(problemText(error)),
                    })
                  }
                >
                  {T.acknowledge}
                </Button>
              ),
          },
        ]}
      />
      {alerts.hasNextPage && (
        <Button onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage}>
          {T.more}
        </Button>
      )}
    </Space>
  );
}
