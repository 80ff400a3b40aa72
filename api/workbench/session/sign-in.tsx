/** Signing in, and the list of the person's sessions where any of them can be ended. */
import type { Role } from '../../../workflows/domain';
import { roleLabels } from '../../../workflows/domain';
import { chineseDateTime } from '../components/format';

// ---- sign-in ----

export function SignIn(props: {
  next: string;
  csrf: string;
  units: Array<[code: string, label: string]>;
  roles: Role[];
  error?: string;
  values?: Record<string, string>;
}) {
  const v = props.values ?? {};
  return (
    <>
      <p class="local-banner" role="note">
        本地登录：仅供本机试用和演示，任何人都可以选择任意身份。生产环境关闭本地登录，通过统一身份认证登录。
      </p>
      <form method="post" action="/workbench/signin" class="signin">
        {props.error ? (
          <p class="refusal" role="alert">
            {props.error}
          </p>
        ) : null}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="signin-name">姓名（必填）</label>
          <input id="signin-name" name="name" required maxLength={50} value={v.name ?? ''} autoComplete="name" />
        </div>
        <div class="field">
          <label for="signin-role">身份（必填）</label>
          <select id="signin-role" name="role" required>
            <option value="">请选择</option>
            {props.roles.map((r) => (
              <option value={r} selected={v.role === r} key={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="signin-unit">所在单位（被督查/被巡查单位、纪检监察/检察机关必填）</label>
          <select id="signin-unit" name="unit">
            <option value="">无</option>
            {props.units.map(([code, label]) => (
              <option value={code} selected={v.unit === code} key={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="signin-group">组号（组长必填）</label>
          <input id="signin-group" name="group" maxLength={64} value={v.group ?? ''} />
        </div>
        <button type="submit">登录</button>
      </form>
    </>
  );
}

// ---- the person's sessions (登录会话) ----

export interface SessionItem {
  /** Its handle, to end it. */
  ref: string;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string;
  /** The browser in a few words (`Chrome 131 · Windows`). */
  agent: string;
  /** The session this page is shown in. */
  current: boolean;
}

export function SessionList(props: { sessions: SessionItem[]; csrf: string; idleMinutes: number }) {
  return (
    <>
      <p class="summary">
        您当前有效的登录会话，最近使用的在前。超过{props.idleMinutes}
        分钟未使用、到达最迟结束时间或退出登录后，会话即失效。发现不认识的会话，请结束它，或在所有设备上退出登录。
      </p>
      <div class="table-wrap">
        <table>
          <caption>登录会话</caption>
          <thead>
            <tr>
              <th scope="col">登录时间</th>
              <th scope="col">最近使用</th>
              <th scope="col">最迟结束</th>
              <th scope="col">地址</th>
              <th scope="col">浏览器</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr key={s.ref} {...(s.current ? { 'aria-current': 'true', class: 'current-session' } : {})}>
                <td>
                  {chineseDateTime(s.startedAt)}
                  {s.current ? <strong>（本会话）</strong> : null}
                </td>
                <td>{chineseDateTime(s.lastSeenAt)}</td>
                <td>{chineseDateTime(s.expiresAt)}</td>
                <td class="mono">{s.address}</td>
                <td>{s.agent}</td>
                <td>
                  <form method="post" action={`/workbench/sessions/${encodeURIComponent(s.ref)}/end`}>
                    <input type="hidden" name="_csrf" value={props.csrf} />
                    <button type="submit">{s.current ? '结束本会话（退出登录）' : '结束此会话'}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/workbench/signout/everywhere">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <button type="submit">在所有设备上退出登录</button>
        </p>
      </form>
    </>
  );
}
