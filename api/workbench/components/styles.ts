/**
 * The workbench's one style sheet (served as /workbench/assets/workbench.css; kept in a module so that the build
 * carries it into dist/ and the image). Fonts that render Chinese on every platform, a phone's width first (375 px),
 * and colours with a contrast of at least 4.5:1; the traffic light is said in words next to its colour.
 */
export const workbenchCss = `
:root { --fg: #1a1a1a; --muted: #555; --line: #d0d0d0; --accent: #a8071a; --link: #0b57a4; --bg: #fafafa;
  --green: #1b6e2d; --yellow: #8a5a00; --red: #b3261e; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.6;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Zen Hei", sans-serif; }
a { color: var(--link); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header.top { background: var(--accent); color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
header.top .brand { margin: 0; font-weight: bold; flex: 1 1 100%; }
header.top nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
header.top a { color: #fff; }
header.top a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
header.top .who { margin-left: auto; display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
button.link { background: none; border: 0; color: #fff; text-decoration: underline; padding: 0; font: inherit; cursor: pointer; }
main { padding: 1rem; max-width: 60rem; margin: 0 auto; }
main:focus { outline: none; }
h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 1.5rem; }
h3 { font-size: 1.05rem; margin: .5rem 0; }
footer { color: var(--muted); font-size: .875rem; text-align: center; padding: 1rem; }
.notice { background: #e8f3ea; border-left: 4px solid var(--green); padding: .5rem .75rem; }
.refusal, .field-error { color: var(--red); font-weight: bold; }
.refusal { background: #fdecea; border-left: 4px solid var(--red); padding: .5rem .75rem; }
.local-banner { background: #fff4d6; border-left: 4px solid var(--yellow); padding: .5rem .75rem; }
.summary, .empty, .case-meta { color: var(--muted); }
.mono { font-family: ui-monospace, monospace; word-break: break-all; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; margin: 1rem 0; }
.filter { display: flex; flex-direction: column; }
.tasks { list-style: none; padding: 0; margin: 0; }
.task { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--line); padding: .5rem .75rem; margin-bottom: .5rem; }
.task-red { border-left-color: var(--red); } .task-yellow { border-left-color: #d89b00; } .task-green { border-left-color: var(--green); }
.task-title { font-weight: bold; font-size: 1.05rem; }
.task p { margin: .15rem 0; }
.reading { background: #fff; border: 1px solid var(--line); padding: .5rem .75rem; margin-bottom: .5rem; }
.reading p { margin: .15rem 0; } .reading form { margin-top: .25rem; }
.queue-tabs { margin: .75rem 0; } .queue-tabs a[aria-current="page"] { font-weight: bold; }
input[type="search"] { font: inherit; padding: .4rem; border: 1px solid #767676; border-radius: 3px; background: #fff; }
.light { font-weight: bold; white-space: nowrap; }
.light .dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .25em; vertical-align: -.05em; }
.light-green { color: var(--green); } .light-green .dot { background: var(--green); }
.light-yellow { color: var(--yellow); } .light-yellow .dot { background: #d89b00; }
.light-red { color: var(--red); } .light-red .dot { background: var(--red); }
.table-wrap { overflow-x: auto; }
.table-wrap table.wide { min-width: 60rem; }
.table-wrap table.wide td.nowrap { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; background: #fff; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
.step { background: #fff; border: 1px solid var(--line); padding: .75rem; margin: .75rem 0; }
.step-awaited { border-left: 6px solid var(--accent); }
.citation { color: var(--muted); font-weight: normal; font-size: .9rem; }
.field { margin: .6rem 0; display: flex; flex-direction: column; }
.field.checkbox label { display: flex; gap: .4rem; align-items: center; }
.hint { color: var(--muted); font-size: .85rem; }
input[type="text"], input[type="number"], input[type="date"], input:not([type]), select, textarea { font: inherit; padding: .4rem; border: 1px solid #767676; border-radius: 3px; width: 100%; max-width: 40rem; background: #fff; }
textarea { min-height: 6rem; }
fieldset { border: 1px solid var(--line); margin: .6rem 0; padding: .5rem .75rem; }
legend { padding: 0 .25rem; }
.choice { display: flex; gap: .4rem; align-items: center; margin: .2rem 0; }
.row { border-top: 1px dashed var(--line); padding-top: .25rem; }
.row-title { margin: .25rem 0 0; color: var(--muted); }
a.button { display: inline-block; background: var(--accent); color: #fff; border-radius: 3px; padding: .6rem 1.25rem; text-decoration: none; min-height: 44px; }
button[type="submit"].default-submit { display: none; }
button[type="submit"].secondary { font: inherit; background: #fff; color: var(--accent); border: 1px solid var(--accent); border-radius: 3px; padding: .5rem 1rem; cursor: pointer; min-height: 44px; margin: .25rem 0; }
button[type="submit"].link-button { font: inherit; background: none; border: 0; color: var(--accent); text-decoration: underline; padding: .25rem 0; cursor: pointer; min-height: 44px; }
button[type="submit"]:not(.link):not(.secondary):not(.link-button):not(.default-submit) { font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: 3px; padding: .5rem 1.25rem; cursor: pointer; min-height: 44px; }
.awaiting .mine { font-weight: bold; }
.record div { display: grid; grid-template-columns: minmax(6rem, 12rem) 1fr; gap: .5rem; border-bottom: 1px dotted var(--line); padding: .25rem 0; }
.record dt { color: var(--muted); } .record dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
.timeline, .notices { padding-left: 1.25rem; } .timeline time, .notices time { color: var(--muted); margin-right: .25rem; }
.notices .undelivered { color: var(--red); }
.timeline .by { color: var(--muted); } .timeline .note { margin: .1rem 0 .4rem; white-space: pre-wrap; }
.deadlines > li { margin-bottom: .5rem; }
details > summary { cursor: pointer; margin: .5rem 0; font-weight: bold; }
.signin { max-width: 30rem; }
.chart { width: 100%; height: 18rem; background: #fff; border: 1px solid var(--line); margin-bottom: .5rem; }
.receipt { font-size: 1.5rem; font-weight: bold; }
@media (max-width: 480px) {
  main { padding: .75rem; }
  .record div { grid-template-columns: 1fr; gap: 0; }
  header.top .who { margin-left: 0; }
}
/* Where the case stands (components/flow.tsx): the wide drawing, or two stages a row on a narrow screen. */
.flow-drawing { display: block; width: 100%; height: auto; max-width: 56rem; margin: .5rem 0; }
.flow-narrow { display: none; max-width: 22rem; }
@media (max-width: 800px) { .flow-wide { display: none; } .flow-narrow { display: block; } }
.flow-list { list-style: none; padding: 0; margin: .25rem 0; display: flex; flex-wrap: wrap; gap: 0 .75rem; font-size: .85rem; color: var(--muted); }
.flow-list .flow-current { color: var(--fg); font-weight: bold; }
/* The document read with a step, inside its card (cases/step-documents-view.tsx). */
.step-documents { margin: .5rem 0 .75rem; }
.step-document p { margin: .25rem 0; }
.step-document-frame { display: block; width: 100%; height: 28rem; border: 1px solid var(--line); background: #eee; }
@media (max-width: 480px) { .step-document-frame { height: 22rem; } }
`;
