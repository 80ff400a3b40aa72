/**
 * Issue 32 item 8: each person's stock phrases (常用语) for opinion fields, through GET and PUT /my/phrases on the built
 * app (real HTTP through app.inject, a real Temporal dev server, the real case store): the role's defaults until the
 * person saves a list, their own list after, nobody else's, and every bad list refused in Chinese with nothing saved.
 */
import type { CaseClaims } from '../../lib/infra/tokens';
import { checkPhraseList, defaultPhrases, phraseLimits } from '../../api/stock-phrases';
import { isChinese } from '../../api/workbench/components/labels';
import type { TestSystem } from '../helpers/system';
import { people, startSystem } from '../helpers/system';

jest.setTimeout(120_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

interface Answer {
  phrases: string[];
  own: boolean;
  message?: string;
}

const read = async (who: CaseClaims | undefined) => {
  const res = await sys.call(who, { method: 'GET', url: '/my/phrases' });
  return { status: res.statusCode, body: res.json<Answer>() };
};
const save = async (who: CaseClaims | undefined, phrases: unknown) => {
  const res = await sys.call(who, { method: 'PUT', url: '/my/phrases', payload: { phrases } });
  return { status: res.statusCode, body: res.json<Answer>() };
};

test('Issue 32 item 8: the defaults of every role are Chinese, one line each, within the limits, none twice', () => {
  for (const [role, list] of Object.entries(defaultPhrases)) {
    expect([role, checkPhraseList(list)]).toEqual([role, { phrases: list }]);
    expect(list.length).toBeGreaterThan(1);
    for (const p of list) expect([role, p, isChinese(p)]).toEqual([role, p, true]);
  }
});

test('Issue 32 item 8: a person who has saved nothing is offered their role’s defaults (GET /my/phrases)', async () => {
  expect(await read(people.committee)).toEqual({
    status: 200,
    body: { phrases: ['同意。', '请按意见修改后再报。', '请补充相关材料。', '不同意，理由如下：'], own: false },
  });
  expect((await read(people.leadingGroup)).body.phrases).toEqual(
    expect.arrayContaining(['同意。', '请按意见修改后再报。', '请补充相关材料。']),
  );
  expect(await read(people.taiyuan)).toEqual({
    status: 200,
    body: { phrases: [...defaultPhrases.unit], own: false },
  });
  expect((await read(people.taiyuan)).body.phrases).toEqual(
    expect.arrayContaining(['已按要求整改到位。', '正在整改，将按期完成。']),
  );
});

test('Issue 32 item 8: PUT /my/phrases keeps the list, trimmed and in its order; the person reads it back, another person does not see it', async () => {
  const office = { ...people.office, sub: 'office-phrases-1' };
  const colleague = { ...people.office, sub: 'office-phrases-2', name: '办公室 周红' };
  const saved = await save(office, ['  请于三日内补报材料。 ', '已核实，拟同意。', '退回修改：依据不足。']);
  const mine = { phrases: ['请于三日内补报材料。', '已核实，拟同意。', '退回修改：依据不足。'], own: true };
  expect(saved).toEqual({ status: 200, body: mine });
  expect(await read(office)).toEqual({ status: 200, body: mine });
  // Another person of the same role: still the defaults; and their own list does not touch the first one's.
  expect(await read(colleague)).toEqual({ status: 200, body: { phrases: [...defaultPhrases.office], own: false } });
  await save(colleague, ['已阅。']);
  expect((await read(office)).body).toEqual(mine);
  expect((await read(colleague)).body).toEqual({ phrases: ['已阅。'], own: true });
  // Saved again: the new list whole, in its new order.
  expect((await save(office, ['退回修改：依据不足。', '已核实，拟同意。'])).body.phrases).toEqual([
    '退回修改：依据不足。',
    '已核实，拟同意。',
  ]);
  // An empty list brings back the role's defaults.
  expect((await save(colleague, [])).body).toEqual({ phrases: [...defaultPhrases.office], own: false });
});

test('Issue 32 item 8: a bad list is refused (422) with a Chinese message naming the phrase, and nothing is saved', async () => {
  const who = { ...people.groupLeader, sub: 'gl-phrases-1' };
  const kept = ['经核实，情况属实。', '请按要求限期整改。'];
  await save(who, kept);
  const fiftyOne = Array.from({ length: phraseLimits.perPerson + 1 }, (_, i) => `第${i + 1}条意见`);
  const cases: Array<[unknown[], string]> = [
    [['同意。', '   '], '第2条常用语是空的，请填写内容或删去这一条'],
    [['同意。', '经研究：\n同意。'], '第2条常用语不能分行，每条常用语只写一行'],
    [['意'.repeat(phraseLimits.length + 1)], '第1条常用语超过200字（现有201字），请缩短'],
    [['同意。', '请补充材料。', ' 同意。 '], '第3条常用语与第1条重复，请删去其中一条'],
    [fiftyOne, '常用语最多50条，现有51条，请删去一些后再保存'],
  ];
  for (const [phrases, message] of cases) {
    const res = await save(who, phrases);
    expect([res.status, res.body.message]).toEqual([422, message]);
  }
  // Exactly at the limits: kept.
  const fifty = fiftyOne.slice(0, phraseLimits.perPerson);
  fifty[0] = '见'.repeat(phraseLimits.length);
  expect((await save(who, fifty)).status).toBe(200);
  await save(who, kept);
  // Not a list of texts at all: the schema's 400, in Chinese.
  const shape = await save(who, [1, 2]);
  expect(shape.status).toBe(400);
  expect(isChinese(shape.body.message!.replace(/[/0-9a-z]/g, ''))).toBe(true);
  expect((await read(who)).body).toEqual({ phrases: kept, own: true });
});

test('Issue 32 item 8: only a signed-in official has phrases: no token 401, the public role 403', async () => {
  expect((await read(undefined)).status).toBe(401);
  expect((await save(undefined, ['同意。'])).status).toBe(401);
  expect((await read(people.public)).status).toBe(403);
  const refused = await save(people.public, ['同意。']);
  expect(refused.status).toBe(403);
  expect(refused.body.message).toContain('群众无权办理此事项');
});
