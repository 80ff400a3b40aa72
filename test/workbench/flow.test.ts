/**
 * Issue 32 item 9, where the case stands: the kind's stages as a server-rendered SVG flow diagram with the current
 * stage marked in words as well as colour, and the same as an ordered list beside it; no inline style (the page's CSP).
 */
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import type { StageFlowProps } from '../../api/workbench/components/flow';
import { StageFlow, flowOf } from '../../api/workbench/components/flow';
import { kinds } from '../../workflows/kinds';
import { patrol } from '../../workflows/patrol';
import { patrolStageLabels, patrolStages } from '../../workflows/patrol/stages';
import { supervision } from '../../workflows/supervision';
import { supervisionStageLabels, supervisionStages } from '../../workflows/supervision/stages';

const html = (props: StageFlowProps | undefined) => {
  if (!props) throw new Error('no flow');
  return render(h(StageFlow, props));
};

/** The list beside the drawing: each stage's label and status, in order. */
const listed = (page: string) =>
  [...page.matchAll(/<li class="flow-[a-z]+"( aria-current="step")?>([^<（]+)（([^）]+)）<\/li>/g)].map((m) => ({
    label: m[2]!,
    status: m[3]!,
    current: m[1] !== undefined,
  }));

/** Each drawing: an SVG root, an image with a title and a description it is labelled by, its tags balanced. */
function expectSvgs(page: string) {
  const svgs = [...page.matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  expect(svgs).toHaveLength(2);
  for (const svg of svgs) {
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 [0-9.]+ [0-9.]+"/);
    const [title, desc] = /aria-labelledby="([^"]+)"/.exec(svg)![1]!.split(' ');
    expect(svg).toContain(`<title id="${title}">办理流程图</title>`);
    expect(svg).toContain(`<desc id="${desc}">`);
    const stack: string[] = [];
    for (const [, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)) {
      if (selfClosing) continue;
      if (close) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
  }
  return svgs;
}

const noInlineStyle = (page: string) => {
  expect(page).not.toMatch(/\sstyle=/);
  expect(page).not.toContain('<style');
};

test('issue 32 item 9: a patrol in field work: every stage of the main line, the earlier ones done, the current marked in words', () => {
  const page = html(flowOf(patrol, 'field-work', false));
  const items = listed(page);
  const main = patrolStages.filter((s) => s !== 'rejected').map((s) => patrolStageLabels[s]);
  expect(items.map((i) => i.label)).toEqual(main);
  // Not approved is a side stage: not drawn while the case is on the main line.
  expect(page).not.toContain(patrolStageLabels.rejected);
  const at = main.indexOf(patrolStageLabels['field-work']);
  items.forEach((item, i) => expect(item.status).toBe(i < at ? '已完成' : i === at ? '当前' : '未开始'));
  expect(items.filter((i) => i.current).map((i) => i.label)).toEqual(['实地巡查']);
  // In the drawing, each label and the current stage's word marker.
  for (const svg of expectSvgs(page)) {
    for (const label of main) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('>● 当前</text>');
    expect(svg.match(/>已完成<\/text>/g)).toHaveLength(at);
  }
  expect(page).toContain('<desc id="flow-wide-d">共10个阶段，已完成4个，当前阶段：实地巡查。</desc>');
  noInlineStyle(page);
});

test('issue 32 item 9: a rejected patrol shows 未获批准 after the main line, current, and the stages never reached', () => {
  const page = html(flowOf(patrol, 'rejected', true));
  const items = listed(page);
  expect(items.at(-1)).toEqual({ label: '未获批准', status: '当前', current: true });
  expect(items.slice(0, 2).map((i) => i.status)).toEqual(['已完成', '已完成']);
  expect(items.slice(2, -1).every((i) => i.status === '未进行')).toBe(true);
  expect(items.find((i) => i.label === '已办结')?.status).toBe('未进行');
  expectSvgs(page);
  noInlineStyle(page);
});

test('issue 32 item 9: a supervision at its results: its own stages (not the patrol’s), done up to the current one', () => {
  const page = html(flowOf(supervision, 'results', false));
  const items = listed(page);
  const main = supervisionStages.filter((s) => s !== 'scheduled' && s !== 'rejected');
  expect(items.map((i) => i.label)).toEqual(main.map((s) => supervisionStageLabels[s]));
  expect(page).not.toContain('巡查');
  expect(items.map((i) => i.status)).toEqual(['已完成', '已完成', '已完成', '已完成', '当前', '未开始', '未开始']);
  for (const svg of expectSvgs(page)) {
    for (const s of main) expect(svg).toContain(`>${supervisionStageLabels[s]}</text>`);
  }
  noInlineStyle(page);
  // A follow-up visit waiting for its date starts the line there.
  const scheduled = listed(html(flowOf(supervision, 'scheduled', false)));
  expect(scheduled[0]).toEqual({ label: '回头看待开展', status: '当前', current: true });
  expect(scheduled.slice(1).every((i) => i.status === '未开始')).toBe(true);
});

test('issue 32 item 9, need to know: the unit sees the stages as it sees the case, not the committee’s own steps', () => {
  const page = html(flowOf(patrol, 'under-study', false, { outside: true }));
  expect(page).not.toContain(patrolStageLabels['awaiting-instructions']);
  expect(page).not.toContain(patrolStageLabels['issuing-feedback']);
  expect(listed(page).find((i) => i.current)?.label).toBe(patrolStageLabels['under-study']);
});

test('issue 32 item 9: fits a 375 px phone: the narrow drawing is two stages a row, no wider than the page', () => {
  const svgs = expectSvgs(html(flowOf(patrol, 'planning', false)));
  const widthOf = (svg: string) => Number(/viewBox="0 0 ([0-9.]+)/.exec(svg)![1]);
  // 375 px less the page's margins (.75rem each side) at 1 user unit a pixel: the labels stay 15 px.
  expect(svgs[1]).toContain('class="flow-drawing flow-narrow"');
  expect(widthOf(svgs[1]!)).toBeLessThanOrEqual(375 - 24);
  expect(svgs[0]).toContain('class="flow-drawing flow-wide"');
  for (const svg of svgs) expect(svg).toMatch(/^<svg [^>]*width="100%"/);
});

test('issue 32 item 9: every stage of every kind with a record draws, with exactly one current stage', () => {
  for (const kind of kinds.withRecords) {
    for (const stage of kind.record.stages) {
      for (const closed of [false, true]) {
        const page = html(flowOf(kind, stage, closed));
        expect(page.match(/aria-current="step"/g)).toHaveLength(1);
        expect(page).toContain(`${kind.record.stageLabels[stage]}（当前）`);
        noInlineStyle(page);
      }
    }
  }
});
