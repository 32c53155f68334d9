import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { formatInstant } from '../../components/dates';
import { ROLE } from '../../components/labels';
import { ProblemNotice } from '../../components/ProblemNotice';
import { regionRule } from '../../lib/checks';
import { regionName } from '../../lib/regions';
import { ApiError, api, must, type Schemas } from '../../services/api';
import { T } from './texts';

type User = Schemas['User'];
type NewUser = Schemas['CreateUserRequest'];

export default function UsersPage() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewUser>();
  const users = useInfiniteQuery({
    queryKey: ['users'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => must(api.GET('/v1/users', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const create = useMutation({
    mutationFn: (body: NewUser) => must(api.POST('/v1/users', { body })),
    onSuccess: (user) => {
      void message.success(T.created(user.username));
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setFields(Object.entries(error.fieldErrors()).map(([name, msg]) => ({ name: name as keyof NewUser, errors: [msg] })));
    },
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {T.title}
      </Typography.Title>
      <Card title={T.create} size="small">
        <ProblemNotice error={create.error} />
        <Form<NewUser> form={form} layout="inline" onFinish={(v) => create.mutate(v)} initialValues={{ role: 'CLERK' }}>
          <Form.Item name="username" label={T.username} tooltip={T.usernameHelp} rules={[{ required: true, message: T.required }, { pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: T.usernameHelp }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={T.password} rules={[{ required: true, message: T.required }, { min: 12, message: T.passwordHelp }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={T.role} rules={[{ required: true }]}>
            <Select style={{ width: 130 }} options={Object.entries(ROLE).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="agency" label={T.agency} rules={[{ required: true, message: T.required }, regionRule]}>
            <Input style={{ width: 100 }} maxLength={6} inputMode="numeric" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {T.submit}
          </Button>
        </Form>
      </Card>
      <ProblemNotice error={users.error} />
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        pagination={false}
        dataSource={users.data?.pages.flatMap((p) => p.items) ?? []}
        columns={[
          { title: T.username, dataIndex: 'username' },
          { title: T.role, dataIndex: 'role', render: (r: string) => ROLE[r] },
          { title: T.agency, dataIndex: 'agency', render: (a: string) => `${a} ${regionName(a)}` },
          { title: T.createdAt, dataIndex: 'createdAt', render: (d: string) => formatInstant(d) },
        ]}
      />
      {users.hasNextPage && <Button onClick={() => void users.fetchNextPage()}>{T.more}</Button>}
    </Space>
  );
}
