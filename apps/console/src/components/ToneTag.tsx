import { Tag } from 'antd';
import type { ReactNode } from 'react';

// Tag colours with a text contrast of at least 4.5:1 (the library's preset green and orange are lighter).
const TONES = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  blue: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  magenta: { color: '#9e1068', background: '#fff0f6', borderColor: '#ffadd2' },
  default: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
};
export type Tone = keyof typeof TONES;

export function ToneTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Tag style={TONES[tone]}>{children}</Tag>;
}
