/**
 * Where a case stands (issue 32 item 9): its kind's stages as a flow diagram, drawn on the server as SVG, with the same
 * in words beside it. Done stages, the current one (marked in words as well as colour) and those to come; the stages
 * come from the kind's registry entry (`record.stages`, `sideStages`). No inline style anywhere (the page's CSP): the
 * drawing uses SVG presentation attributes, the layout the classes in styles.ts. Two drawings of the same flow, one for
 * a wide screen and one two stages a row for a phone (375 px); the style sheet shows one of them.
 */
import type { KindModule } from '../../../workflows/engine/kind';

export interface FlowStage {
  key: string;
  label: string;
}

export interface StageFlowProps {
  /** In the order a case passes them. */
  stages: FlowStage[];
  /** The stage the case is in. */
  current: string;
  closed: boolean;
  /**
   * When the case ended off the main line (未获批准, drawn last): the last stage of the main line it passed. The
   * stages after it were never reached.
   */
  reached?: string;
  /** Prefix of the drawing's ids (unique on the page). */
  id?: string;
  heading?: string;
}

type Status = 'done' | 'current' | 'todo' | 'skipped';

export const statusLabels: Record<Status, string> = {
  done: '已完成',
  current: '当前',
  todo: '未开始',
  skipped: '未进行',
};

/** The status of each stage, in words as the list says it. */
export function flowStatuses(p: Pick<StageFlowProps, 'stages' | 'current' | 'closed' | 'reached'>): Status[] {
  const at = p.stages.findIndex((s) => s.key === p.current);
  const doneUntil = p.reached !== undefined ? p.stages.findIndex((s) => s.key === p.reached) : at - 1;
  return p.stages.map((s, i) =>
    i === at ? 'current' : at >= 0 && i <= doneUntil ? 'done' : p.closed ? 'skipped' : 'todo',
  );
}

/**
 * The flow of a case of `module` in `current`: the main line in the order of `record.stages`; a side stage only while
 * the case is in it (in its place, or last when the case ended there). `outside`: the unit and the receiving bodies,
 * who see the stages as the view's `externalStage` names them (not the leading group's and committee's own steps).
 *
 * @example
 * <StageFlow {...flowOf(patrol, view.stage, view.closed)!} />
 */
export function flowOf(
  module: Pick<KindModule, 'record'>,
  current: string,
  closed: boolean,
  o: { outside?: boolean } = {},
): StageFlowProps | undefined {
  const record = module.record;
  if (!record) return undefined;
  const side = new Set(record.sideStages ?? []);
  const seen = o.outside ? record.stages.filter((s) => record.view.externalStage(s) === s) : record.stages;
  const label = (key: string) => ({ key, label: record.stageLabels[key] ?? key });
  if (side.has(current) && closed) {
    const main = seen.filter((s) => !side.has(s));
    const before = seen.slice(0, seen.indexOf(current)).filter((s) => !side.has(s));
    return {
      stages: [...main, current].map(label),
      current,
      closed,
      ...(before.length ? { reached: before.at(-1)! } : {}),
    };
  }
  return { stages: seen.filter((s) => !side.has(s) || s === current).map(label), current, closed };
}

// ---- the drawing ----

const box = { w: 152, h: 56 };
const gap = { x: 32, y: 36 };
const pad = 4;
const arrow = 7;

/** SVG presentation attributes of a stage's box and texts, by status (contrast at least 4.5:1 for the texts). */
const look: Record<Status, { fill: string; stroke: string; width: number; dash?: string; text: string; note: string }> =
  {
    done: { fill: '#e8f3ea', stroke: '#1b6e2d', width: 1.5, text: '#1a1a1a', note: '#1b6e2d' },
    current: { fill: '#a8071a', stroke: '#5c0410', width: 3, text: '#ffffff', note: '#ffffff' },
    todo: { fill: '#ffffff', stroke: '#767676', width: 1.5, text: '#1a1a1a', note: '#555555' },
    skipped: { fill: '#ffffff', stroke: '#767676', width: 1.5, dash: '4 3', text: '#555555', note: '#555555' },
  };

function Drawing(p: {
  stages: FlowStage[];
  statuses: Status[];
  /** The last stage is a side stage the case ended in: drawn after the main line, not joined to it. */
  endedOff: boolean;
  cols: number;
  id: string;
  title: string;
  desc: string;
}) {
  const cols = Math.max(1, Math.min(p.cols, p.stages.length));
  const rows = Math.ceil(p.stages.length / cols);
  const width = pad * 2 + cols * box.w + (cols - 1) * gap.x;
  const height = pad * 2 + rows * box.h + (rows - 1) * gap.y;
  const at = (i: number) => ({
    x: pad + (i % cols) * (box.w + gap.x),
    y: pad + Math.floor(i / cols) * (box.h + gap.y),
  });
  const joined = (i: number) => !(p.endedOff && i === p.stages.length - 2);
  return (
    <svg
      class={`flow-drawing flow-${p.cols > 2 ? 'wide' : 'narrow'}`}
      role="img"
      aria-labelledby={`${p.id}-t ${p.id}-d`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${p.id}-t`}>{p.title}</title>
      <desc id={`${p.id}-d`}>{p.desc}</desc>
      {p.stages.slice(0, -1).map((_, i) => {
        if (!joined(i)) return null;
        const a = at(i);
        const b = at(i + 1);
        const line = { stroke: '#555555', 'stroke-width': 1.5, fill: 'none' };
        if (a.y === b.y) {
          const y = a.y + box.h / 2;
          return (
            <g key={`j${i}`}>
              <line x1={a.x + box.w} y1={y} x2={b.x - arrow} y2={y} {...line} />
              <polygon points={`${b.x},${y} ${b.x - arrow},${y - 4} ${b.x - arrow},${y + 4}`} fill="#555555" />
            </g>
          );
        }
        // To the next row: down from the box, back along the gap, down into the next box.
        const mid = a.y + box.h + gap.y / 2;
        const fromX = a.x + box.w / 2;
        const toX = b.x + box.w / 2;
        return (
          <g key={`j${i}`}>
            <path d={`M${fromX} ${a.y + box.h} V${mid} H${toX} V${b.y - arrow}`} {...line} />
            <polygon points={`${toX},${b.y} ${toX - 4},${b.y - arrow} ${toX + 4},${b.y - arrow}`} fill="#555555" />
          </g>
        );
      })}
      {p.stages.map((s, i) => {
        const { x, y } = at(i);
        const status = p.statuses[i]!;
        const l = look[status];
        const size = Math.min(15, Math.floor((box.w - 16) / Math.max(1, [...s.label].length)));
        return (
          <g key={s.key}>
            <rect
              x={x}
              y={y}
              width={box.w}
              height={box.h}
              rx={4}
              fill={l.fill}
              stroke={l.stroke}
              stroke-width={l.width}
              {...(l.dash ? { 'stroke-dasharray': l.dash } : {})}
            />
            <text
              x={x + box.w / 2}
              y={y + 24}
              text-anchor="middle"
              font-size={size}
              font-weight={status === 'current' ? 'bold' : 'normal'}
              fill={l.text}
            >
              {s.label}
            </text>
            <text x={x + box.w / 2} y={y + 45} text-anchor="middle" font-size={12} fill={l.note}>
              {status === 'current' ? `● ${statusLabels.current}` : statusLabels[status]}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * The flow diagram and, beside it, the same in words: an ordered list with each stage's status (已完成、当前、未开始),
 * the current one `aria-current="step"`.
 */
export function StageFlow(p: StageFlowProps) {
  const id = p.id ?? 'flow';
  const statuses = flowStatuses(p);
  const current = p.stages.find((s) => s.key === p.current);
  const done = statuses.filter((s) => s === 'done').length;
  const title = '办理流程图';
  const desc = `共${p.stages.length}个阶段，已完成${done}个${current ? `，当前阶段：${current.label}` : ''}${p.closed ? '（已办结）' : ''}。`;
  return (
    <section class="flow" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{p.heading ?? '办理流程'}</h2>
      {[5, 2].map((cols) => (
        <Drawing
          key={cols}
          stages={p.stages}
          statuses={statuses}
          endedOff={p.reached !== undefined}
          cols={cols}
          id={`${id}-${cols > 2 ? 'wide' : 'narrow'}`}
          title={title}
          desc={desc}
        />
      ))}
      <ol class="flow-list">
        {p.stages.map((s, i) => (
          <li
            key={s.key}
            class={`flow-${statuses[i]}`}
            {...(statuses[i] === 'current' ? { 'aria-current': 'step' } : {})}
          >
            {s.label}（{statusLabels[statuses[i]!]}）
          </li>
        ))}
      </ol>
    </section>
  );
}
