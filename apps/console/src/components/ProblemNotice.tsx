import { Alert } from 'antd';
import { ApiError } from '../services/api';
import { problemText } from './problem-text';

export { problemText };

export function ProblemNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const detail = error instanceof ApiError ? error.problem?.detail : undefined;
  return <Alert role="alert" type="error" showIcon title={problemText(error)} description={detail} style={{ marginBottom: 16 }} />;
}
