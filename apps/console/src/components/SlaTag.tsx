import { ToneTag } from './ToneTag';
import { SLA_STATE } from './labels';

export function SlaTag({ state, days }: { state: keyof typeof SLA_STATE | undefined; days?: number | null }) {
  if (!state) return <ToneTag tone="default">—</ToneTag>;
  const { label, color } = SLA_STATE[state];
  const running = state === 'ON_TRACK' || state === 'DUE_SOON';
  return (
    <ToneTag tone={color}>
      {label}
      {running && days !== null && days !== undefined ? ` · 剩${days}个工作日` : ''}
    </ToneTag>
  );
}
