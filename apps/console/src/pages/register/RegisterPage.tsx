import { Alert, AutoComplete, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Typography, type FormInstance } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { CLOCK, INSURANCE, CHANNEL, REFUND_REASON, TRANSFER_REASON } from '../../components/labels';
import { ProblemNotice } from '../../components/ProblemNotice';
import { feePeriodProblems, idNumberRule, moneyRule, phoneRule, regionRule } from '../../lib/checks';
import { REGION_OPTIONS, regionName } from '../../lib/regions';
import { ApiError } from '../../services/api';
import { useSession } from '../../services/useSession';
import { T } from './texts';
import { useCreateCase, useDraft, usePromisedDates, type CreateCaseBody } from './useRegistration';

type Kind = CreateCaseBody['kind'];
interface Values {
  applicant: { name: string; idNumber: string; phone?: string };
  insuranceType: 'EMPLOYEE' | 'RESIDENT';
  toInsuranceType?: 'EMPLOYEE' | 'RESIDENT';
  fromRegion: string;
  toRegion: string;
  region: string;
  reason: string;
  channel: 'WINDOW' | 'ONLINE';
  amount: string;
  periodFrom: string;
  periodTo: string;
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const required = { required: true, message: T.required };

function bodyOf(kind: Kind, v: Values): CreateCaseBody {
  const applicant = { name: v.applicant.name, idNumber: v.applicant.idNumber, ...(v.applicant.phone ? { phone: v.applicant.phone } : {}) };
  if (kind === 'TRANSFER') {
    return {
      kind,
      applicant,
      insuranceType: v.insuranceType,
      ...(v.toInsuranceType ? { toInsuranceType: v.toInsuranceType } : {}),
      fromRegion: v.fromRegion,
      toRegion: v.toRegion,
      reason: v.reason as 'JOB_CHANGE',
      channel: v.channel,
    };
  }
  return {
    kind,
    applicant,
    insuranceType: v.insuranceType,
    region: v.region,
    reason: v.reason as 'RESIDENT_DUP_BEFORE_BENEFIT',
    amount: v.amount,
    periodFrom: v.periodFrom,
    periodTo: v.periodTo,
    channel: v.channel,
  };
}

/** A region code typed or picked, with its name shown under it. */
function RegionField({ name, label, form }: { name: keyof Values; label: string; form: FormInstance<Values> }) {
  const value = Form.useWatch(name, form) as string | undefined;
  return (
    <Form.Item name={name} label={label} rules={[required, regionRule]} extra={value ? regionName(value) || ' ' : ' '} validateFirst>
      <AutoComplete
        options={REGION_OPTIONS}
        filterOption={(input, option) => (option?.label ?? '').includes(input)}
        placeholder="如 440500"
        aria-label={label}
      >
        <Input inputMode="numeric" maxLength={6} />
      </AutoComplete>
    </Form.Item>
  );
}

function Promised({ kind }: { kind: Kind }) {
  const promised = usePromisedDates(kind);
  if (!promised.data) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={T.promised}
      description={
        <Space orientation="vertical" size={0}>
          {promised.data.map((p) => (
            <span key={p.clock}>{p.clock === 'OVERALL' ? T.overallDue(p.date) : T.stageDue(CLOCK[p.clock], p.date)}（{p.days}个工作日）</span>
          ))}
          <Typography.Text type="secondary">{T.promiseNote}</Typography.Text>
        </Space>
      }
    />
  );
}

export default function RegisterPage() {
  const user = useSession();
  const navigate = useNavigate();
  const [kind, setKind] = useState<Kind>(() => (sessionStorage.getItem('case-desk.draft.kind') as Kind) || 'TRANSFER');
  const [form] = Form.useForm<Values>();
  const draft = useDraft<Values>(kind);
  const create = useCreateCase();
  const initialValues = useMemo(
    () => ({
      insuranceType: 'EMPLOYEE' as const,
      channel: 'WINDOW' as const,
      ...(kind === 'TRANSFER' ? { fromRegion: user?.agency } : { region: user?.agency }),
    }),
    [kind, user],
  );
  useEffect(() => form.setFieldsValue(draft.load()), [form, draft]);

  const submit = (values: Values) => {
    if (kind === 'REFUND') {
      const problems = feePeriodProblems(values.periodFrom, values.periodTo);
      if (Object.keys(problems).length > 0) {
        form.setFields(Object.entries(problems).map(([name, message]) => ({ name: name as keyof Values, errors: [message] })));
        return;
      }
    }
    if (kind === 'TRANSFER' && values.fromRegion === values.toRegion) {
      form.setFields([{ name: 'toRegion', errors: [T.sameRegion] }]);
      return;
    }
    create.mutate(bodyOf(kind, values), {
      onSuccess: (created) => {
        draft.clear();
        form.resetFields();
        void navigate(`/cases/${created.caseNo}/receipt`, { state: { created } });
      },
      onError: (error) => {
        // The API's field errors go on their fields; everything typed stays.
        if (error instanceof ApiError) {
          const fields = Object.entries(error.fieldErrors()).filter(([path]) => path !== '');
          form.setFields(fields.map(([path, message]) => ({ name: path.split('.') as never, errors: [message] })));
        }
      },
    });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {T.title}
      </Typography.Title>
      <Radio.Group
        aria-label={T.kind}
        optionType="button"
        buttonStyle="solid"
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as Kind);
          sessionStorage.setItem('case-desk.draft.kind', e.target.value as string);
          create.reset();
        }}
        options={[
          { value: 'TRANSFER', label: T.transfer },
          { value: 'REFUND', label: T.refund },
        ]}
      />
      <Promised kind={kind} />
      <ProblemNotice error={create.error} />
      <Card>
        <Form<Values>
          key={kind}
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onValuesChange={(_, all) => draft.save(all)}
          onFinish={submit}
          scrollToFirstError
        >
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {T.applicant}
          </Typography.Title>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name={['applicant', 'name']} label={T.name} rules={[required, { max: 50 }]}>
                <Input autoFocus autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name={['applicant', 'idNumber']} label={T.idNumber} rules={[required, idNumberRule]} validateFirst>
                <Input maxLength={18} autoComplete="off" style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name={['applicant', 'phone']} label={T.phone} rules={[phoneRule]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="insuranceType" label={kind === 'TRANSFER' ? T.insuranceType : T.refundInsuranceType} rules={[required]}>
                <Radio.Group options={options(INSURANCE)} />
              </Form.Item>
            </Col>
            {kind === 'TRANSFER' && (
              <Col span={8}>
                <Form.Item name="toInsuranceType" label={T.toInsuranceType}>
                  <Select allowClear placeholder={T.sameAsOrigin} options={options(INSURANCE)} />
                </Form.Item>
              </Col>
            )}
            <Col span={8}>
              <Form.Item name="channel" label={T.channel} rules={[required]}>
                <Radio.Group options={options(CHANNEL)} />
              </Form.Item>
            </Col>
          </Row>
          {kind === 'TRANSFER' ? (
            <Row gutter={16}>
              <Col span={8}>
                <RegionField name="fromRegion" label={T.fromRegion} form={form} />
              </Col>
              <Col span={8}>
                <RegionField name="toRegion" label={T.toRegion} form={form} />
              </Col>
              <Col span={8}>
                <Form.Item name="reason" label={T.reason} rules={[required]}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={options(TRANSFER_REASON)} />
                </Form.Item>
              </Col>
            </Row>
          ) : (
            <>
              <Row gutter={16}>
                <Col span={8}>
                  <RegionField name="region" label={T.region} form={form} />
                </Col>
                <Col span={16}>
                  <Form.Item name="reason" label={T.reason} rules={[required]}>
                    <Select showSearch={{ optionFilterProp: 'label' }} options={options(REFUND_REASON)} />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={16}>
                <Col span={8}>
                  <Form.Item name="amount" label={T.amount} rules={[required, moneyRule]} validateFirst>
                    <Input inputMode="decimal" placeholder="1234.50" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="periodFrom" label={T.periodFrom} rules={[required]}>
                    <Input placeholder={T.month} maxLength={7} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="periodTo" label={T.periodTo} rules={[required]}>
                    <Input placeholder={T.month} maxLength={7} />
                  </Form.Item>
                </Col>
              </Row>
            </>
          )}
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {T.submit}
            </Button>
            <Button
              onClick={() => {
                draft.clear();
                form.resetFields();
              }}
            >
              {T.reset}
            </Button>
            <Typography.Text type="secondary">{T.draftKept}</Typography.Text>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}
