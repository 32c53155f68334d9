import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { formatInstant, todayInShanghai, ZONE } from '../../components/dates';
import { ProblemNotice } from '../../components/ProblemNotice';
import { ToneTag } from '../../components/ToneTag';
import { api, must } from '../../services/api';
import { T } from './texts';

export const REFRESH_MS = 30_000;

function useStatus() {
  return useQuery({
    queryKey: ['admin', 'status'],
    queryFn: () => must(api.GET('/v1/admin/status')),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

/** The card's top border: green when the part is well, orange when it needs attention soon, red when it is broken. */
const BORDER = { green: '#389e0d', orange: '#d46b08', red: '#cf1322' };
const cardStyle = (tone: keyof typeof BORDER) => ({ borderTop: `4px solid ${BORDER[tone]}`, height: '100%' });

export default function StatusPage() {
  const status = useStatus();
  const s = status.data;
  const nextYear = Number(todayInShanghai().slice(0, 4)) + 1;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {T.title}
      </Typography.Title>
      <Space>
        <Typography.Text type="secondary">{T.autoRefresh(status.dataUpdatedAt ? dayjs(status.dataUpdatedAt).tz(ZONE).format('HH:mm:ss') : '—')}</Typography.Text>
        <Button size="small" onClick={() => void status.refetch()} loading={status.isFetching}>
          {T.refresh}
        </Button>
      </Space>
      <ProblemNotice error={status.error} />
      {s && !s.sweepHealthy && <Alert type="error" showIcon role="alert" title={T.sweepUnhealthy} />}
      {s && !s.calendar.nextYearConfirmed && <Alert type="warning" showIcon role="alert" title={T.nextYearUnconfirmed(nextYear)} />}
      {s && s.undeliveredAlerts > 0 && <Alert type="warning" showIcon title={T.undeliveredWarning(s.undeliveredAlerts)} />}
      {s && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={8}>
            <Card title={T.sweep} style={cardStyle(s.sweepHealthy ? 'green' : 'red')} aria-label={T.sweep} role="region">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={T.state}>
                  <ToneTag tone={s.sweepHealthy ? 'green' : 'red'}>{s.sweepHealthy ? T.sweepOk : T.sweepBad}</ToneTag>
                </Descriptions.Item>
                <Descriptions.Item label={T.lastSweep}>{s.lastSweepCompletedAt ? formatInstant(s.lastSweepCompletedAt) : T.never}</Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card title={T.alerts} style={cardStyle(s.undeliveredAlerts === 0 ? 'green' : 'orange')} aria-label={T.alerts} role="region">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={T.undelivered}>
                  <ToneTag tone={s.undeliveredAlerts === 0 ? 'green' : 'orange'}>{s.undeliveredAlerts}</ToneTag>
                </Descriptions.Item>
                <Descriptions.Item label={T.oldestUndelivered}>{formatInstant(s.oldestUndeliveredAt)}</Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card title={T.calendar} style={cardStyle(s.calendar.nextYearConfirmed ? 'green' : 'orange')} aria-label={T.calendar} role="region">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={T.confirmedThrough}>{s.calendar.confirmedThrough ?? T.notConfirmed}</Descriptions.Item>
                <Descriptions.Item label={T.nextYear}>
                  <ToneTag tone={s.calendar.nextYearConfirmed ? 'green' : 'orange'}>{s.calendar.nextYearConfirmed ? T.confirmed : T.unconfirmed}</ToneTag>
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
