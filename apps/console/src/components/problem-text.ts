import { ApiError } from '../services/api';

const BY_CODE: Record<string, string> = {
  VALIDATION_FAILED: '填写内容有误，请按提示修改',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '无权办理此事项（经办机构或角色不符）',
  NOT_FOUND: '未找到，或无权查看',
  INVALID_TRANSITION: '案件当前状态不允许此操作',
  IDEMPOTENCY_CONFLICT: '本次提交与先前提交的内容不一致，请刷新后重试',
  VERSION_MISMATCH: '其他人已处理此案件，已重新加载最新内容，请核对后再操作',
  BUSINESS_RULE: '不符合业务规则',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试（未保存任何内容）',
};

/** A refusal of the API in plain Chinese, with the API's own detail underneath. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) return (error.code && BY_CODE[error.code]) || `请求失败（${error.status}）`;
  return '网络异常，请检查连接后重试';
}
