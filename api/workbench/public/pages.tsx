/** Pages anyone may see without signing in: the bulletin, the award publicity, a report's receipt and status. */
import type { ComponentChildren } from 'preact';
import type { BulletinEntry } from '../../../lib/store/case-store';
import type { AwardPublicityList } from '../../schemas';
import { chineseDate, chineseDateTime } from '../components/format';

// ---- public pages (no sign-in) ----

export function Bulletin(props: { entries: BulletinEntry[] }) {
  return (
    <>
      <p class="summary">依据第十六条第（三）项公开的整改情况，最新的在前。</p>
      {props.entries.length === 0 ? (
        <p class="empty">目前没有公开的整改情况。</p>
      ) : (
        props.entries.map((e) => (
          <article class="step" key={e.caseId} aria-labelledby={`b-${e.caseId}`}>
            <h2 id={`b-${e.caseId}`}>{e.title}</h2>
            <p class="summary">
              {e.unitName}·<time dateTime={e.publishedAt}>{chineseDateTime(e.publishedAt)}</time>公开
            </p>
            <p class="note">{e.text}</p>
          </article>
        ))
      )}
    </>
  );
}

/** The province's list of nominees for the national awards in its publicity period (公示): never contacts. */
export function AwardPublicity(props: { list: AwardPublicityList; children?: ComponentChildren }) {
  const { list } = props;
  const h = list.roundId;
  return (
    <section class="step" aria-labelledby={h}>
      <h2 id={h}>{list.title}</h2>
      <p class="summary">
        公示期：{chineseDate(list.from)}至{chineseDate(list.to)}
        {list.open ? '。公示期内，对名单上的推荐对象有异议的，可以在下面提出（可以匿名）。' : '。公示期已结束。'}
      </p>
      <div class="table-wrap">
        <table>
          <caption>推荐对象名单</caption>
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">工作单位</th>
              <th scope="col">奖项</th>
              <th scope="col">推荐单位</th>
              <th scope="col">主要事迹</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {list.entries.map((e) => (
              <tr key={e.nominationId}>
                <td>{e.name}</td>
                <td>{e.workUnit}</td>
                <td>{e.awardLabel}</td>
                <td>{e.nominatingUnit}</td>
                <td>{e.deedsSummary}</td>
                <td>{e.statusLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.children}
    </section>
  );
}

export function Receipt(props: { receipt: string; message: string; statusLabel: string; lookup?: string }) {
  return (
    <section class="step step-awaited" aria-labelledby="receipt-h">
      <h2 id="receipt-h">受理编号</h2>
      <p class="receipt mono">{props.receipt}</p>
      <p>{props.message}</p>
      <p>当前状态：{props.statusLabel}</p>
      <p>
        <a href={props.lookup ?? '/workbench/public/receipt'}>凭受理编号查询办理情况</a>
      </p>
    </section>
  );
}

export function ReportStatus(props: { receivedOn: string; statusLabel: string; updatedOn?: string; reply?: string }) {
  return (
    <section class="step" aria-labelledby="status-h">
      <h2 id="status-h">办理情况</h2>
      <dl class="record">
        <div>
          <dt>收到日期</dt>
          <dd>{chineseDate(props.receivedOn)}</dd>
        </div>
        <div>
          <dt>当前状态</dt>
          <dd>{props.statusLabel}</dd>
        </div>
        {props.updatedOn ? (
          <div>
            <dt>更新日期</dt>
            <dd>{chineseDate(props.updatedOn)}</dd>
          </div>
        ) : null}
        {props.reply ? (
          <div>
            <dt>答复</dt>
            <dd>{props.reply}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
