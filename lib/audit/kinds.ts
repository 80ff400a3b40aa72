/** The kinds of access the audit trail records (issue 33 item 1), with the names the auditor reads. */
export const accessLabels = {
  read: '查阅案卷或列表',
  identity: '查阅举报人或异议人身份',
  file: '下载文件',
  document: '查阅公文',
  export: '导出统计',
  'codec-decode': '在 Temporal UI 解码',
  'codec-session': '开启解码会话',
  'sign-in': '登录',
  'sign-out': '退出登录',
  'session-revoked': '结束会话',
  step: '办理',
  audit: '查阅审计日志',
} as const;
export type AccessKind = keyof typeof accessLabels;
export const accessKinds = Object.keys(accessLabels) as AccessKind[];

/** The kinds an alert counts (item 4): reads of who reported, and of files. */
export const watchedAccesses: readonly AccessKind[] = ['identity', 'file'];

export const outcomeLabels = { allowed: '准许', refused: '拒绝', failed: '失败' } as const;
export type Outcome = keyof typeof outcomeLabels;

/** The outcome of an HTTP answer. */
export const outcomeOf = (status: number): Outcome =>
  status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'allowed';
