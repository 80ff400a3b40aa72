/** 审计日志 (issue 33 item 3): the auditor's page of the audit trail, filtered, a page at a time, with its CSV. */
import type { AuditEntry } from '../../../lib/audit/chain';
import { accessKinds, accessLabels, outcomeLabels } from '../../../lib/audit/kinds';
import { roleLabels } from '../../../workflows/domain';
import { chineseDateTime } from '../components/format';

export type ShownEntry = Omit<AuditEntry, 'prevHash'>;

/** The page's filters, as the form sends them (dates as YYYY-MM-DD, China time). */
export interface AuditFilters {
  person?: string;
  case?: string;
  access?: string;
  from?: string;
  to?: string;
}

const label = <T extends Record<string, string>>(labels: T, key: string) => labels[key as keyof T] ?? key;

export function AuditLog(props: {
  filters: AuditFilters;
  entries: ShownEntry[];
  /** The query of the next page, if there is one. */
  nextHref?: string;
  csvHref: string;
  problem?: string;
}) {
  const f = props.filters;
  return (
    <>
      <p class="summary">
        审计日志记录每一次查阅案卷、举报人身份、文件、公文和统计导出，每一次在 Temporal UI
        解码，每一次办理（含被拒绝的），以及每一次登录、退出和结束会话。日志只记人员编号和对象编号，不记身份信息和案卷内容；日志只能追加，任何人不能修改或删除。
      </p>
      <form class="filters" method="get" action="/workbench/audit" role="search" aria-label="筛选审计日志">
        <div class="filter">
          <label for="audit-person">人员编号</label>
          <input id="audit-person" name="person" maxLength={200} value={f.person ?? ''} />
        </div>
        <div class="filter">
          <label for="audit-case">对象编号（案卷、文件等）</label>
          <input id="audit-case" name="case" maxLength={200} value={f.case ?? ''} />
        </div>
        <div class="filter">
          <label for="audit-access">访问类型</label>
          <select id="audit-access" name="access">
            <option value="">全部</option>
            {accessKinds.map((k) => (
              <option value={k} selected={f.access === k} key={k}>
                {accessLabels[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="audit-from">起始日期</label>
          <input id="audit-from" type="date" name="from" value={f.from ?? ''} />
        </div>
        <div class="filter">
          <label for="audit-to">截止日期（含）</label>
          <input id="audit-to" type="date" name="to" value={f.to ?? ''} />
        </div>
        <button type="submit">筛选</button>
      </form>
      <p>
        <a href={props.csvHref}>导出为 CSV（按当前筛选条件）</a>
      </p>
      {props.problem ? (
        <p class="empty" role="alert">
          {props.problem}
        </p>
      ) : props.entries.length === 0 ? (
        <p class="empty">没有符合条件的审计记录。</p>
      ) : (
        // The table scrolls sideways on a phone: the region takes the keyboard's focus so it can be scrolled without a mouse.
        <div class="table-wrap" tabIndex={0} role="region" aria-label="审计记录">
          <table class="wide">
            <caption>审计记录（最新的在前）</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">人员</th>
                <th scope="col">访问类型</th>
                <th scope="col">对象</th>
                <th scope="col">结果</th>
                <th scope="col">来源地址</th>
                <th scope="col">请求编号</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <tr key={`${e.chain}:${e.seq}`}>
                  <td class="nowrap">{chineseDateTime(e.at)}</td>
                  <td>
                    {e.person === '-' ? '（未通过身份验证）' : e.person}
                    <div class="case-reference">
                      {label(roleLabels, e.role)}
                      {e.unit ? `·${e.unit}` : e.group ? `·${e.group}` : ''}
                    </div>
                  </td>
                  <td class="nowrap">{label(accessLabels, e.access)}</td>
                  <td>
                    {e.resource ?? '—'}
                    {e.section ? <div class="case-reference">{e.section}</div> : null}
                  </td>
                  <td>
                    {label(outcomeLabels, e.outcome)}
                    {e.status ? `（${e.status}）` : ''}
                  </td>
                  <td>{e.clientAddress}</td>
                  <td class="case-reference">{e.requestId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextHref ? (
        <p>
          <a href={props.nextHref}>下一页</a>
        </p>
      ) : null}
    </>
  );
}
