/** The statistics page: one chart per figure, drawn in the browser from the numbers given here. */
import type { ComponentChildren } from 'preact';

// ---- 统计 ----

export interface ChartSpec {
  title: string;
  labels: string[];
  values: number[];
  percent?: boolean;
  /** The table's column headings: what is counted, and the figure. */
  columns: [string, string];
}

export function Statistics(props: { charts: Record<string, ChartSpec>; yearForm: ComponentChildren }) {
  // The data block is JSON, never run: `<` is escaped so that no text in it can close the element.
  const json = JSON.stringify(props.charts).replace(/</g, '\\u003c');
  return (
    <>
      {props.yearForm}
      {Object.entries(props.charts).map(([id, c]) => (
        <section aria-labelledby={`chart-${id}-h`} key={id}>
          <h2 id={`chart-${id}-h`}>{c.title}</h2>
          {c.labels.length === 0 ? (
            <p class="empty">暂无数据。</p>
          ) : (
            <>
              <div class="chart" data-chart={id} aria-hidden="true" />
              <div class="table-wrap">
                <table>
                  <caption>{c.title}（数据表）</caption>
                  <thead>
                    <tr>
                      <th scope="col">{c.columns[0]}</th>
                      <th scope="col">{c.columns[1]}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.labels.map((l, i) => (
                      <tr key={i}>
                        <td>{l}</td>
                        <td>
                          {c.values[i]}
                          {c.percent ? '%' : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      ))}
      <script type="application/json" id="chart-data" dangerouslySetInnerHTML={{ __html: json }} />
      <script src="/workbench/assets/echarts.min.js" />
      <script src="/workbench/assets/charts.js" />
    </>
  );
}
