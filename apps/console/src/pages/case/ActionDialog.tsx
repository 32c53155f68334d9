import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { ACTION, MATERIAL, REFUND_REJECTION, TRANSFER_REJECTION } from '../../components/labels';
import { ProblemNotice } from '../../components/ProblemNotice';
import { moneyRule } from '../../lib/checks';
import { ApiError } from '../../services/api';
import { T } from './texts';
import { useTransition, type CaseDetail, type TransitionBody } from './useCase';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const required = { required: true, message: T.required };

/** The fields each action needs (API.md "Transitions"). */
function Fields({ action, detail }: { action: string; detail: CaseDetail }) {
  switch (action) {
    case 'approve-outgoing':
      return (
        <>
          <Form.Item name="contributionMonths" label={T.contributionMonths} rules={[required]}>
            <InputNumber min={0} max={1200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="balanceAmount" label={T.balanceAmount} rules={detail.insuranceType === 'EMPLOYEE' ? [required, moneyRule] : [moneyRule]}>
            <Input inputMode="decimal" placeholder="0.00" />
          </Form.Item>
        </>
      );
    case 'confirm-balance':
      return (
        <Form.Item name="receivedAmount" label={T.receivedAmount} rules={[required, moneyRule]} extra={detail.balanceAmount ? `应到账 ${detail.balanceAmount}` : undefined}>
          <Input inputMode="decimal" />
        </Form.Item>
      );
    case 'approve-refund':
      return (
        <Form.Item name="approvedAmount" label={T.approvedAmount} rules={[required, moneyRule]} extra={detail.amount ? `申请金额 ${detail.amount}` : undefined}>
          <Input inputMode="decimal" />
        </Form.Item>
      );
    case 'confirm-refund':
      return (
        <Form.Item name="paidAmount" label={T.paidAmount} rules={[required, moneyRule]} extra={detail.approvedAmount ? `核定金额 ${detail.approvedAmount}` : undefined}>
          <Input inputMode="decimal" />
        </Form.Item>
      );
    case 'reject':
      return (
        <Form.Item name="reasonCode" label={T.reasonCode} rules={[required]}>
          <Select options={options(detail.kind === 'TRANSFER' ? TRANSFER_REJECTION : REFUND_REJECTION)} />
        </Form.Item>
      );
    case 'request-materials':
      return (
        <Form.Item name="materials" label={T.materialsField} rules={[required]}>
          <Select mode="multiple" options={options(MATERIAL)} />
        </Form.Item>
      );
    default:
      return null;
  }
}

export function ActionDialog({ action, detail, onClose, onStale }: { action: string | null; detail: CaseDetail; onClose: () => void; onStale: () => void }) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const transition = useTransition(detail.caseNo);
  const { message } = App.useApp();
  const commentRequired = action === 'reject';

  const submit = (values: Record<string, unknown>) => {
    const body = Object.fromEntries(Object.entries({ action, ...values }).filter(([, v]) => v !== undefined && v !== '')) as TransitionBody;
    transition.mutate(
      { body, version: detail.version },
      {
        onSuccess: () => {
          void message.success(T.done(ACTION[action!] ?? action!));
          form.resetFields();
          onClose();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 412) {
            onStale();
            onClose();
            return;
          }
          if (error instanceof ApiError) {
            form.setFields(Object.entries(error.fieldErrors()).map(([path, msg]) => ({ name: path, errors: [msg] })));
          }
        },
      },
    );
  };

  return (
    <Modal
      open={action !== null}
      title={action ? ACTION[action] ?? action : ''}
      okText={T.confirm}
      cancelText={T.cancel}
      confirmLoading={transition.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      {transition.error && !(transition.error instanceof ApiError && transition.error.status === 412) && <ProblemNotice error={transition.error} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        {action && <Fields action={action} detail={detail} />}
        <Form.Item name="comment" label={T.comment} rules={commentRequired ? [required, { max: 2000 }] : [{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
