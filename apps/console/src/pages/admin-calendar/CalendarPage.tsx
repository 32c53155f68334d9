import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { todayInShanghai } from '../../components/dates';
import { ProblemNotice, problemText } from '../../components/ProblemNotice';
import { api, must, type Schemas } from '../../services/api';
import { ToneTag } from '../../components/ToneTag';
import { T } from './texts';
import './calendar.css';

type Day = Schemas['CalendarDay'];
type NewDay = Schemas['PutCalendarDayRequest'] & { date: string };

function useYear(year: number) {
  return useQuery({ queryKey: ['calendar', year], queryFn: () => must(api.GET('/v1/calendar/{year}', { params: { path: { year } } })) });
}

function Month({ year, month, days }: { year: number; month: number; days: Map<string, Day> }) {
  const first = dayjs(`${year}-${String(month).padStart(2, '0')}-01`);
  const offset = (first.day() + 6) % 7; // Monday first
  const cells = Array.from({ length: offset + first.daysInMonth() }, (_, i) => (i < offset ? null : first.add(i - offset, 'day')));
  return (
    <section className="cal-month" aria-label={`${year}年${T.month(month)}`}>
      <div className="cal-title">{T.month(month)}</div>
      {/* A picture of the month; the same days are listed in the table below for screen readers. */}
      <div className="cal-grid" aria-hidden="true">
        {T.weekdays.map((w) => (
          <div key={w} className="cal-head">
            {w}
          </div>
        ))}
        {cells.map((d, i) => {
          if (!d) return <div key={i} />;
          const date = d.format('YYYY-MM-DD');
          const special = days.get(date);
          const weekend = d.day() === 0 || d.day() === 6;
          const cls = special ? (special.type === 'HOLIDAY' ? 'cal-holiday' : 'cal-workday') : weekend ? 'cal-weekend' : '';
          return (
            <div key={i} className={`cal-day ${cls} ${special?.source === 'OVERRIDE' ? 'cal-override' : ''}`} title={special ? `${date} ${special.name}` : date}>
              {d.date()}
            </div>
          );
        })}
      </div>
    </section>
  );
}

export default function CalendarPage() {
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const calendar = useYear(year);
  const next = useYear(thisYear + 1);
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewDay>();
  const put = useMutation({
    mutationFn: ({ date, type, name }: NewDay) => must(api.PUT('/v1/calendar/days/{date}', { params: { path: { date } }, body: { type, name } })),
    onSuccess: (day) => {
      void message.success(T.saved(day.date));
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['calendar'] });
    },
  });
  const remove = useMutation({
    mutationFn: (date: string) => must(api.DELETE('/v1/calendar/days/{date}', { params: { path: { date } } })),
    onSuccess: (_, date) => {
      void message.success(T.removed(date));
      void client.invalidateQueries({ queryKey: ['calendar'] });
    },
    onError: (error) => void message.error(problemText(error)),
  });
  const days = new Map((calendar.data?.days ?? []).map((d) => [d.date, d]));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {T.title}
      </Typography.Title>
      {next.data && !next.data.confirmed && <Alert type="warning" showIcon role="alert" title={T.unconfirmed(thisYear + 1)} />}
      <Space>
        <label htmlFor="calendar-year">{T.year}</label>
        <InputNumber id="calendar-year" min={2004} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        {calendar.data && !calendar.data.confirmed && year !== thisYear + 1 && <ToneTag tone="orange">{T.thisUnconfirmed(year)}</ToneTag>}
        <ToneTag tone="red">{T.holiday}</ToneTag>
        <ToneTag tone="blue">{T.workday}</ToneTag>
        <Tag style={{ borderStyle: 'dashed', borderColor: '#000' }}>{T.override}</Tag>
      </Space>
      <ProblemNotice error={calendar.error} />
      <div className="cal-year">
        {Array.from({ length: 12 }, (_, m) => (
          <Month key={m} year={year} month={m + 1} days={days} />
        ))}
      </div>
      <Card title={T.add} size="small">
        <ProblemNotice error={put.error} />
        <Form<NewDay> form={form} layout="inline" onFinish={(v) => put.mutate(v)} initialValues={{ type: 'HOLIDAY' }}>
          <Form.Item name="date" label={T.date} rules={[{ required: true, message: T.required }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
            <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="type" label={T.type}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'HOLIDAY', label: T.holiday },
                { value: 'WORKDAY', label: T.workday },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={T.name} rules={[{ required: true, message: T.required }, { max: 50 }]}>
            <Input placeholder="国庆节" style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={put.isPending}>
            {T.save}
          </Button>
        </Form>
      </Card>
      <Table<Day>
        rowKey="date"
        size="small"
        pagination={false}
        loading={calendar.isLoading}
        dataSource={calendar.data?.days ?? []}
        columns={[
          { title: T.date, dataIndex: 'date' },
          { title: T.type, dataIndex: 'type', render: (t: Day['type']) => (t === 'HOLIDAY' ? <ToneTag tone="red">{T.holiday}</ToneTag> : <ToneTag tone="blue">{T.workday}</ToneTag>) },
          { title: T.name, dataIndex: 'name' },
          { title: T.source, dataIndex: 'source', render: (s: Day['source']) => (s === 'OVERRIDE' ? T.override : T.builtin) },
          {
            title: '',
            render: (_, d) =>
              d.source === 'OVERRIDE' && (
                <Button size="small" aria-label={`${T.remove} ${d.date}`} onClick={() => remove.mutate(d.date)}>
                  {T.remove}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}
