/**
 * Issue 32 items 4 and 5 (every value in Chinese, every label right; human identities), on a real dev server: a
 * patrol is walked through the API far enough to have findings, a handling suggestion, a transfer, feedback with
 * rectification opinions, a rectification report reviewed (one opinion accepted, one sent back, then accepted) and
 * published; then every workbench page each role reaches from its first page is fetched as that role, and its visible
 * text (the HTML without scripts, styles, tags and attributes) is checked: no English value of any contract's
 * enumerations, no ISO date, no machine id (case, group or unit), none of the wrong labels issue 32 found.
 */
import type { CaseClaims } from '../../lib/infra/tokens';
import { kinds } from '../../workflows/kinds';
import { group, proposePatrol, step, suggestionGrounds } from '../helpers/patrol';
import type { TestSystem } from '../helpers/system';
import { eventually, people, startSystem } from '../helpers/system';
import { browserOf } from '../helpers/workbench';

let sys: TestSystem;
let caseId: string;
/** A second patrol of the same city, awaiting its group (the form with the leader's rank). */
let second: string;

/** The visible text of a page: no script or style elements, no comments, no tags (so no attributes), entities read. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(quot|amp|lt|gt|apos|nbsp);/g, (_, e: string) =>
      e === 'quot' ? '"' : e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'apos' ? "'" : ' ',
    )
    .replace(/\s+/g, ' ');
}

/** Every value of every enumeration (and stage) in the contracts of the registered kinds: records and step inputs. */
function contractEnumValues(): Set<string> {
  const values = new Set<string>();
  const walk = (s: unknown): void => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (Array.isArray(o.enum)) for (const v of o.enum) if (typeof v === 'string') values.add(v);
    if (typeof o.const === 'string') values.add(o.const);
    for (const v of Object.values(o)) {
      if (Array.isArray(v)) v.forEach(walk);
      else walk(v);
    }
  };
  for (const k of kinds.all) {
    walk(k.contract.viewSchema);
    for (const spec of Object.values(k.contract.steps)) walk(spec.input);
  }
  return new Set([...values].filter((v) => /[A-Za-z]/.test(v)));
}

const enumValues = contractEnumValues();

/** Machine ids a reader must never see: the case's, the group's, the registry codes of the units in the walk. */
const machineIds = [
  /\b(patrol|supervision)-[0-9]{4}-[a-z0-9-]+/,
  /\bg-[0-9]{4}-[0-9]+\b/,
  /\b(taiyuan|datong|dept-finance|dept-agriculture|discipline-commission)\b/,
];

/** What issue 32 found written wrong. */
const wrongLabels: Array<[RegExp, string]> = [
  // The committee as 委员会 (a unit's name may end so: 省卫生健康委员会).
  [/[、和与及]委员会/, '委员会 for 省委、省政府'],
  [/公开地址|\/bulletin\//, 'an address that answers JSON'],
  [/机关）（|）（纪检监察\/检察机关）/, 'nested parentheses'],
];

/** The problems of one page's visible text, each naming the page. */
function problemsOf(url: string, html: string, reader: CaseClaims): string[] {
  const text = visibleText(html);
  const problems: string[] = [];
  const say = (what: string, found: string) => problems.push(`${reader.role} ${url}: ${what}: …${found}…`);
  const around = (i: number) => text.slice(Math.max(0, i - 30), i + 40);
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9-]*/g)) {
    const token = m[0].replace(/-+$/, '');
    if (enumValues.has(token)) say(`English value "${token}"`, around(m.index));
  }
  const iso = /[0-9]{4}-[0-9]{2}-[0-9]{2}/.exec(text);
  if (iso) say('ISO date', around(iso.index));
  for (const id of machineIds) {
    const m = id.exec(text);
    if (m) say(`machine id "${m[0]}"`, around(m.index));
  }
  for (const [label, what] of wrongLabels) {
    const m = label.exec(text);
    if (m) say(what, around(m.index));
  }
  // A number of a finding, a suggestion or a transfer is not a group's number (组号).
  for (const m of html.matchAll(/<dt>([^<]*)<\/dt>/g)) if (m[1]!.includes('组号')) say('组号 in the record', m[1]!);
  // A leader's rank `other` is 其他, not 其他掌握情况 (the sources of grounds say that).
  for (const m of html.matchAll(/name="[^"]*rank" value="other"[^>]*>([^<]*)</g)) {
    if (m[1] !== '其他') say('rank other', m[1]!);
  }
  // The unit sees no number of a finding it may not see.
  if (reader.role === 'unit' && text.includes('所涉问题'))
    say('a finding the unit may not see', around(text.indexOf('所涉问题')));
  return problems;
}

/** Every page of the workbench `reader` reaches from its first page by links (GET, HTML), at most `limit`. */
async function crawl(reader: CaseClaims, limit = 60): Promise<Map<string, string>> {
  // The public signs in as nobody: its pages are those of the public part (the bulletin, filing a report).
  const anonymous = reader.role === 'public';
  const browser = browserOf(sys, anonymous ? undefined : reader);
  const pages = new Map<string, string>();
  const queue = [anonymous ? '/workbench/public/' : '/workbench/'];
  const seen = new Set(queue);
  while (queue.length && pages.size < limit) {
    const url = queue.shift()!;
    const res = await browser.get(url);
    if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('text/html')) continue;
    pages.set(url, res.body);
    for (const m of res.body.matchAll(/<a [^>]*href="(\/workbench\/[^"#]*)/g)) {
      const href = m[1]!.replace(/&amp;/g, '&');
      if (/\/(signout|assets|files)\b/.test(href) || seen.has(href)) continue;
      seen.add(href);
      queue.push(href);
    }
  }
  return pages;
}

/** The leader of the supervision's group. */
const supervisionLeader: CaseClaims = { sub: 'gl-2', role: 'group-leader', group: 'g-2026-02', name: '组长 郑华' };

const readers: CaseClaims[] = [
  people.office,
  people.leadingGroup,
  people.committee,
  people.groupLeader,
  supervisionLeader,
  people.taiyuan,
  people.datong,
  people.discipline,
  people.public,
];

/** A supervision step through HTTP that must be accepted. */
async function supervisionStep(who: CaseClaims, id: string, path: string, body: object): Promise<void> {
  const res = await sys.call(who, { method: 'POST', url: `/supervisions/${id}/${path}`, payload: body });
  if (res.statusCode !== 200) throw new Error(`${path} by ${who.role}: ${res.statusCode} ${res.body}`);
}

/** Chapter 2: a special supervision of 大同市 up to its rectification, reviewed (one accepted, one sent back). */
async function walkSupervision(): Promise<string> {
  const res = await sys.call(people.office, {
    method: 'POST',
    url: '/supervisions',
    payload: { year: 2026, serial: 2, targetUnit: 'datong', topic: '产业扶贫项目带贫益贫情况' },
  });
  if (res.statusCode !== 201) throw new Error(`supervision: ${res.statusCode} ${res.body}`);
  const id = res.json<{ caseId: string }>().caseId;
  await supervisionStep(people.leadingGroup, id, 'approval', { decision: 'approve' });
  await supervisionStep(people.office, id, 'group', {
    group: {
      id: 'g-2026-02',
      leader: { name: '郑华', rank: 'department', unit: 'dept-finance' },
      members: [{ name: '钱进', unit: 'dept-agriculture' }],
    },
  });
  await supervisionStep(supervisionLeader, id, 'work-plan', { summary: '督查方案' });
  await supervisionStep(supervisionLeader, id, 'findings', {
    keyContent: 1,
    methods: ['briefing', 'field-survey'],
    summary: '产业项目带贫机制不健全',
  });
  await supervisionStep(supervisionLeader, id, 'report', {
    situation: '情况',
    problems: '问题',
    opinions: '意见',
    suggestions: '建议',
  });
  await supervisionStep(people.leadingGroup, id, 'results', {
    summary: '督查结果',
    rectificationRequirements: ['健全带贫机制', '规范项目管理'],
  });
  await supervisionStep(people.datong, id, 'rectification-report', {
    summary: '整改情况',
    items: [
      { requirement: 1, measures: '已建立带贫机制' },
      { requirement: 2, measures: '已规范' },
    ],
  });
  await supervisionStep(people.leadingGroup, id, 'rectification-review', {
    decisions: [
      { requirement: 1, decision: 'accept' },
      { requirement: 2, decision: 'send-back', reason: '尚无制度文件' },
    ],
  });
  return id;
}

/** All pages of all readers, checked; the pages themselves for the tests' own looks. */
async function checkEveryPage(): Promise<Map<string, Map<string, string>>> {
  const all = new Map<string, Map<string, string>>();
  const problems: string[] = [];
  for (const reader of readers) {
    const pages = await crawl(reader);
    all.set(reader.sub, pages);
    for (const [url, html] of pages) problems.push(...problemsOf(url, html, reader));
  }
  expect(problems).toEqual([]);
  return all;
}

let supervisionId: string;

beforeAll(async () => {
  sys = await startSystem();
  supervisionId = await walkSupervision();
  caseId = await proposePatrol(sys, 'taiyuan', 7, {
    grounds: {
      sources: ['public-report', 'other'],
      summary: '群众反映太原市部分县区扶贫项目资金拨付滞后，个别项目长期闲置，群众意见较大，需要进一步核实情况。',
    },
  });
  const leader = people.groupLeader;
  second = await proposePatrol(sys, 'taiyuan', 8);
  await step(sys, people.committee, second, 'approval', { decision: 'approve' });
  await step(sys, people.committee, caseId, 'approval', { decision: 'approve' });
  await step(sys, people.office, caseId, 'group', { group });
  await step(sys, leader, caseId, 'work-plan', { summary: '巡查方案', stationedOn: '2026-12-01' });
  await step(sys, leader, caseId, 'findings', {
    keyProblem: 2,
    methods: ['symposium', 'public-report'],
    summary: '扶贫项目资金拨付滞后',
  });
  await step(sys, leader, caseId, 'handling-suggestions', {
    summary: '立即拨付滞后资金',
    findingIds: [1],
    ...suggestionGrounds,
  });
  await step(sys, people.taiyuan, caseId, 'handling-suggestions/1/answer', { answer: '已拨付' });
  await step(sys, leader, caseId, 'report', {
    situation: '情况',
    problems: '问题',
    opinions: [{ text: '意见', basis: '依据' }],
  });
  await step(sys, people.leadingGroup, caseId, 'request-for-instructions', { summary: '请示' });
  await step(sys, people.committee, caseId, 'instructions', { decision: 'approve' });
  await step(sys, people.leadingGroup, caseId, 'transfers', {
    to: 'discipline-inspection',
    summary: '移交违纪问题线索',
  });
  await step(sys, people.leadingGroup, caseId, 'feedback', {
    situation: '反馈',
    rectificationOpinions: ['加快资金拨付', '盘活闲置项目'],
  });
}, 120_000);

afterAll(async () => {
  await sys?.close();
});

test('issue 32 (5): awaiting its rectification report, every page of every role is in Chinese, with the right labels', async () => {
  // The store has the feedback before the pages are read.
  await eventually(async () => {
    const res = await browserOf(sys, people.taiyuan).get('/workbench/');
    return res.body.includes('整改') ? res : undefined;
  });
  const pages = await checkEveryPage();
  const unitCase = pages.get(people.taiyuan.sub)!.get(`/workbench/cases/${caseId}`)!;
  expect(visibleText(unitCase)).toContain('待报送');
  // The unit sees its suggestion, not the finding it refers to.
  expect(visibleText(unitCase)).toContain('立即拨付滞后资金');
  // The supervision's unit sees its requirements' statuses in Chinese.
  const datongCase = visibleText(pages.get(people.datong.sub)!.get(`/workbench/cases/${supervisionId}`)!);
  for (const label of ['整改到位', '退回重新整改', '2026年对大同市的督查（第2号）'])
    expect(datongCase).toContain(label);
  const officeCase = visibleText(pages.get(people.office.sub)!.get(`/workbench/cases/${caseId}`)!);
  for (const label of ['问题编号', '建议编号', '移交编号', '所涉问题', '第1项', '2026年12月1日', '2026年第1组']) {
    expect(officeCase).toContain(label);
  }
  expect(officeCase).toContain('其他掌握情况'); // the grounds' source `other`, where it belongs
  // The office's form for the second patrol's group offers the leader's ranks (checked above: `other` is 其他).
  expect(pages.get(people.office.sub)!.get(`/workbench/cases/${second}`)).toMatch(/name="[^"]*rank" value="other"/);
  // Issue 35 item 5: 整改台账 is among the pages read above, for the overseers and the unit, and so is each problem
  // the feedback's two opinions became; the discipline body and the group's leader have no such page in their menu.
  for (const reader of [people.office, people.leadingGroup, people.committee, people.taiyuan]) {
    expect([reader.role, pages.get(reader.sub)!.has('/workbench/ledger')]).toEqual([reader.role, true]);
  }
  for (const reader of [people.discipline, people.groupLeader]) {
    expect([reader.role, pages.get(reader.sub)!.has('/workbench/ledger')]).toEqual([reader.role, false]);
  }
  const ledger = visibleText(pages.get(people.taiyuan.sub)!.get('/workbench/ledger')!);
  for (const text of ['加快资金拨付', '盘活闲置项目', '晋脱贫巡〔2026〕太原市7号第2项整改要求', '限期整改']) {
    expect(ledger).toContain(text);
  }
  const problemPage = visibleText(pages.get(people.taiyuan.sub)!.get(`/workbench/cases/problem-${caseId}-1`)!);
  for (const text of ['加快资金拨付', '整改中', '2026年对太原市的巡查（第7号）第1项整改问题']) {
    expect(problemPage).toContain(text);
  }
  expect(visibleText(unitCase)).toContain('列入整改台账的问题');
}, 300_000);

test('issue 32 (4): the inbox and the case list name the case by title, reference, date and a snippet of its grounds', async () => {
  const inbox = visibleText((await browserOf(sys, people.taiyuan).get('/workbench/')).body);
  expect(inbox).toContain('2026年对太原市的巡查（第7号）');
  expect(inbox).toContain('晋脱贫巡〔2026〕太原市7号');
  expect(inbox).toMatch(/[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日开始/);
  // The unit may not see the grounds: no snippet of them.
  expect(inbox).not.toContain('群众反映太原市');
  const list = visibleText((await browserOf(sys, people.office).get('/workbench/cases')).body);
  expect(list).toContain('2026年对太原市的巡查（第7号）');
  expect(list).toContain('2026年对太原市的巡查（第8号）');
  expect(list).toContain('晋脱贫巡〔2026〕太原市7号');
  expect(list).toContain('依据：群众反映太原市部分县区扶贫项目资金拨付滞后，个别项目长期闲置，群众意见较大，需…');
  const done = visibleText((await browserOf(sys, people.committee).get('/workbench/done')).body);
  expect(done).toContain('2026年对太原市的巡查（第7号）');
  // The operator's link to Temporal UI keeps the machine id (in its address only).
  const page = (await browserOf(sys, people.office).get(`/workbench/cases/${caseId}`)).body;
  expect(page).toContain(`/workflows/${caseId}"`);
  // The case's page: its title as the heading, its reference in the line under it.
  expect(page).toContain('<h1>2026年对太原市的巡查（第7号）</h1>');
  expect(visibleText(page)).toContain('编号：晋脱贫巡〔2026〕太原市7号·当前阶段');
});

test('issue 32 (5): reviewed, sent back, accepted, transferred and published, every page still reads in Chinese', async () => {
  await step(sys, people.taiyuan, caseId, 'rectification-report', {
    summary: '整改情况',
    items: [
      { requirement: 1, measures: '资金已全部拨付' },
      { requirement: 2, measures: '项目已启动' },
    ],
    publicSummary: '太原市已完成整改',
  });
  await step(sys, people.leadingGroup, caseId, 'rectification-review', {
    decisions: [
      { requirement: 1, decision: 'accept' },
      { requirement: 2, decision: 'send-back', reason: '项目尚未投入使用' },
    ],
  });
  await step(sys, people.discipline, caseId, 'transfers/1/acknowledgement', { note: '已接收' });
  await eventually(async () => {
    const res = await browserOf(sys, people.taiyuan).get(`/workbench/cases/${caseId}`);
    return res.body.includes('退回重新整改') ? res : undefined;
  });
  const sentBack = await checkEveryPage();
  const unitPage = visibleText(sentBack.get(people.taiyuan.sub)!.get(`/workbench/cases/${caseId}`)!);
  expect(unitPage).toContain('整改到位');
  expect(unitPage).toContain('退回重新整改');

  await step(sys, people.taiyuan, caseId, 'rectification-report', {
    summary: '再次整改',
    items: [{ requirement: 2, measures: '项目已投入使用' }],
  });
  await step(sys, people.leadingGroup, caseId, 'rectification-review', {
    decisions: [{ requirement: 2, decision: 'accept' }],
  });
  await step(sys, people.leadingGroup, caseId, 'rectification-summary', { summary: '整改情况报告', publish: true });
  await eventually(async () => {
    const res = await browserOf(sys, people.office).get(`/workbench/cases/${caseId}`);
    return res.body.includes('公开的内容') ? res : undefined;
  });
  const published = await checkEveryPage();
  const officePage = visibleText(published.get(people.office.sub)!.get(`/workbench/cases/${caseId}`)!);
  expect(officePage).toContain('太原市已完成整改');
  expect(officePage).toContain('公开时间');
  // The bulletin shows the published rectification to anyone, in Chinese (checked with the public's pages above).
  expect(visibleText(published.get(people.public.sub)!.get('/workbench/public/')!)).toContain('太原市已完成整改');
}, 600_000);
