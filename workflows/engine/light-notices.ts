/**
 * The traffic-light notices (红黄绿灯, issue 19), each with its own wording, as Chinese supervision offices send them and
 * as the workbench shows the light: yellow when the item turns yellow before its due date (the party), red when it is
 * overdue (the office and the party), and 督办 when it is still not in after the grace period (the role it goes up to).
 */

/** A notice's subject and body. */
export interface NoticeText {
  subject: string;
  body: string;
}

/** The yellow notice: `left` is what remains (`3天`), `due` the due date as officials write it. */
export function yellowNotice(title: string, label: string, due: string, left: string): NoticeText {
  return {
    subject: `【黄灯提醒】${label}须于${due}前提交，还有${left}：${title}`,
    body: `${title}：${label}须于${due}前提交，距截止还有${left}，已亮黄灯，请抓紧办理。`,
  };
}

type Next = { after: string; to: string };

/** A red notice: who is overdue, with what, and what is asked; `next` names the 督办 that follows if it stays out. */
function red(title: string, who: string, label: string, due: string, ask: string, next?: Next): NoticeText {
  return {
    subject: `【红灯】${label}已逾期（限${due}前）未提交：${title}`,
    body:
      `${title}：${who}逾期未报送${label}（限${due}前），已亮红灯，${ask}。` +
      (next ? `逾期${next.after}仍未报送的，将报${next.to}督办。` : ''),
  };
}

/** The red notice to the office, the first working morning after the due date: `太原市逾期未报送整改情况反馈，请督促报送`. */
export function redNotice(title: string, party: string, label: string, due: string, next?: Next): NoticeText {
  return red(title, party, label, due, '请督促报送', next);
}

/** The red notice to the party itself, addressed as officials write (`你市`, `你县`, `你单位`): `请即报送`. */
export function redNoticeToParty(title: string, you: string, label: string, due: string, next?: Next): NoticeText {
  return red(title, you, label, due, '请即报送', next);
}

/** The 督办 notice to the role an overdue item goes up to after `overdueFor`. */
export function superviseNotice(
  title: string,
  party: string,
  label: string,
  due: string,
  overdueFor: string,
): NoticeText {
  return {
    subject: `【督办】${label}逾期${overdueFor}仍未提交：${title}`,
    body: `${title}：${party}的${label}限${due}前提交，已逾期${overdueFor}仍未提交，特此报告，请予督办。`,
  };
}
