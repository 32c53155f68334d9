import { Tag } from 'antd';
import { SLA_STATE } from './labels';

export function SlaTag({ state, days }: { state: keyof typeof SLA_STATE | undefined; days?: number | null }) {
  if (!state) return <Tag>—</Tag>;
  const { label, color } = SLA_STATE[state];
  const running = state === 'ON_TRACK' || state === 'DUE_SOON';
  return (
    <Tag color={color}>
      {label}
      {running && days !== null && days !== undefined ? ` · 剩${days}个工作日` : ''}
    </Tag>
  );
}
