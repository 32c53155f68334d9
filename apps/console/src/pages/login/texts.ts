export const T = {
  title: '医保经办工作台',
  subtitle: '医保关系转移接续 · 重复缴费退费',
  username: '用户名',
  password: '密码',
  submit: '登录',
  signingIn: '正在登录…',
  required: '请输入',
  wrong: '用户名或密码错误',
  expired: '登录已失效，请重新登录',
  tooMany: (seconds: number) => `登录失败次数过多，请在 ${seconds} 秒后再试`,
  canRetry: '现在可以重新登录',
};
