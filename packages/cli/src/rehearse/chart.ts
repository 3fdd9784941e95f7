// The rehearsal chart as plain SVG written from code: per stack, demand vs capacity, the p95
// latency estimate vs its SLO, and the queue backlog, over the profile's time. Deterministic
// (fixed decimals, no dates), so committed charts can be checked for staleness.
import { RehearsalReport } from './rehearsal';
import { ServiceTick, StackTimeline } from './simulation';

const WIDTH = 960;
const LEFT = 78;
const RIGHT = 24;
const PANEL = 130;
const GAP = 46;
const TITLE = 34;
const MAX_POINTS = 360;
const COLORS = {
  demand: '#4e79a7',
  capacity: '#59a14f',
  max: '#9c9c9c',
  latency: '#f28e2b',
  slo: '#e15759',
  backlog: '#b07aa1',
  text: '#333333',
  grid: '#e6e6e6',
};

function n(value: number): string {
  return Number(value.toFixed(1)).toString();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Downsamples ticks into at most MAX_POINTS buckets, keeping each bucket's maximum of `value`. */
function series(ticks: readonly ServiceTick[], value: (t: ServiceTick) => number): Array<[number, number]> {
  const size = Math.max(1, Math.ceil(ticks.length / MAX_POINTS));
  const points: Array<[number, number]> = [];
  for (let i = 0; i < ticks.length; i += size) {
    const bucket = ticks.slice(i, i + size);
    points.push([bucket[0].t, Math.max(...bucket.map(value))]);
  }
  return points;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly yMax: number;
  readonly areas: ReadonlyArray<{ readonly points: Array<[number, number]>; readonly color: string }>;
  readonly lines: ReadonlyArray<{
    readonly points: Array<[number, number]>;
    readonly color: string;
    readonly dashed?: boolean;
  }>;
  readonly legend: ReadonlyArray<{
    readonly label: string;
    readonly color: string;
    readonly dashed?: boolean;
  }>;
}

function timeLabel(seconds: number, duration: number): string {
  if (duration > 4 * 3600) return `${n(seconds / 3600)} h`;
  return `${Math.round(seconds / 60)} min`;
}

function drawPanel(panel: Panel, top: number, duration: number): string[] {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (t: number): number => LEFT + (t / duration) * plotWidth;
  const y = (v: number): number => top + PANEL - (Math.min(v, panel.yMax) / panel.yMax) * PANEL;
  const out: string[] = [];
  out.push(
    `<text x="${LEFT}" y="${n(top - 8)}" font-size="12" font-weight="bold" fill="${COLORS.text}">${escapeXml(panel.title)}</text>`,
  );
  for (let i = 0; i <= 4; i++) {
    const value = (panel.yMax * i) / 4;
    out.push(
      `<line x1="${LEFT}" y1="${n(y(value))}" x2="${WIDTH - RIGHT}" y2="${n(y(value))}" stroke="${COLORS.grid}"/>`,
      `<text x="${LEFT - 6}" y="${n(y(value) + 4)}" font-size="10" text-anchor="end" fill="${COLORS.text}">${escapeXml(`${n(value)}${i === 4 ? ` ${panel.unit}` : ''}`)}</text>`,
    );
  }
  const stepSeconds = duration > 4 * 3600 ? 3 * 3600 : duration > 3600 ? 600 : 300;
  for (let t = 0; t <= duration; t += stepSeconds) {
    out.push(
      `<text x="${n(x(t))}" y="${n(top + PANEL + 14)}" font-size="10" text-anchor="middle" fill="${COLORS.text}">${timeLabel(t, duration)}</text>`,
    );
  }
  for (const area of panel.areas) {
    if (area.points.length === 0) continue;
    const path = area.points.map(([t, v]) => `${n(x(t))},${n(y(v))}`).join(' ');
    const last = area.points[area.points.length - 1][0];
    out.push(
      `<polygon points="${n(x(area.points[0][0]))},${n(y(0))} ${path} ${n(x(last))},${n(y(0))}" fill="${area.color}" fill-opacity="0.35" stroke="${area.color}" stroke-width="1"/>`,
    );
  }
  for (const line of panel.lines) {
    if (line.points.length === 0) continue;
    out.push(
      `<polyline points="${line.points.map(([t, v]) => `${n(x(t))},${n(y(v))}`).join(' ')}" fill="none" stroke="${line.color}" stroke-width="1.8"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
  }
  out.push(
    `<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL}" fill="none" stroke="#bbbbbb"/>`,
  );
  let legendX = WIDTH - RIGHT;
  for (const item of [...panel.legend].reverse()) {
    const width = Math.ceil(item.label.length * 6.4) + 34;
    legendX -= width;
    out.push(
      `<line x1="${legendX}" y1="${n(top - 12)}" x2="${legendX + 16}" y2="${n(top - 12)}" stroke="${item.color}" stroke-width="3"${item.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${legendX + 20}" y="${n(top - 8)}" font-size="10" fill="${COLORS.text}">${escapeXml(item.label)}</text>`,
    );
  }
  return out;
}

/** The chart of a rehearsal. */
export function renderChart(report: RehearsalReport, timelines: readonly StackTimeline[]): string {
  const rows: Array<{ heading: string; panels: Panel[] }> = [];
  for (const timeline of timelines) {
    const region = timeline.region ? ` (${timeline.region})` : '';
    for (const service of timeline.services) {
      const model = service.input.model;
      const heading = `${timeline.stackName}${region} · ${model.name}`;
      if (model.role === 'web') {
        const maxCapacity = (model.scaling?.maxCapacity ?? 0) * service.serviceRatePerTask;
        const demand = series(service.ticks, (t) => t.demand);
        const capacity = series(service.ticks, (t) => t.capacity);
        const slo = service.input.latencySloMs.p95;
        const p95 = series(service.ticks, (t) => (t.p95Seconds ?? 0) * 1000);
        const duration = timeline.durationSeconds;
        rows.push({
          heading,
          panels: [
            {
              title: 'Demand vs capacity in service',
              unit: 'req/s',
              yMax: niceMax(
                Math.max(maxCapacity, ...demand.map((p) => p[1]), ...capacity.map((p) => p[1])) * 1.05,
              ),
              areas: [{ points: demand, color: COLORS.demand }],
              lines: [
                { points: capacity, color: COLORS.capacity },
                {
                  points: [
                    [0, maxCapacity],
                    [duration, maxCapacity],
                  ],
                  color: COLORS.max,
                  dashed: true,
                },
              ],
              legend: [
                { label: 'demand', color: COLORS.demand },
                { label: 'capacity', color: COLORS.capacity },
                { label: 'maxCapacity', color: COLORS.max, dashed: true },
              ],
            },
            {
              title: `Latency p95 (model) vs SLO (clipped at ${n((slo * 4) / 1000)} s)`,
              unit: 'ms',
              yMax: slo * 4,
              areas: [],
              lines: [
                { points: p95, color: COLORS.latency },
                {
                  points: [
                    [0, slo],
                    [duration, slo],
                  ],
                  color: COLORS.slo,
                  dashed: true,
                },
              ],
              legend: [
                { label: 'p95', color: COLORS.latency },
                { label: `SLO ${n(slo)} ms`, color: COLORS.slo, dashed: true },
              ],
            },
          ],
        });
      } else if (model.queueId !== undefined) {
        const backlog = series(service.ticks, (t) => t.backlog);
        const workers = series(service.ticks, (t) => t.running);
        const yMax = niceMax(Math.max(1, ...backlog.map((p) => p[1])) * 1.05);
        const workerMax = Math.max(1, model.scaling?.maxCapacity ?? 1);
        rows.push({
          heading,
          panels: [
            {
              title: `Queue backlog, and running workers (scaled: ${workerMax} workers = top)`,
              unit: 'msgs',
              yMax,
              areas: [{ points: backlog, color: COLORS.backlog }],
              lines: [
                { points: workers.map(([t, w]) => [t, (w / workerMax) * yMax]), color: COLORS.capacity },
              ],
              legend: [
                { label: 'backlog', color: COLORS.backlog },
                { label: 'workers', color: COLORS.capacity },
              ],
            },
          ],
        });
      }
    }
  }
  const panelCount = rows.reduce((s, r) => s + r.panels.length, 0);
  const height = 40 + rows.length * TITLE + panelCount * (PANEL + GAP) + 10;
  const title = `Rehearsal of ${report.source.blueprint ?? report.source.app ?? 'app'}: ${report.profile.name} — ${report.profile.description}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" font-size="14" font-weight="bold" fill="${COLORS.text}">${escapeXml(title)}</text>`,
  ];
  let top = 40;
  for (const row of rows) {
    top += TITLE;
    out.push(
      `<text x="${LEFT}" y="${n(top - 14)}" font-size="13" fill="${COLORS.text}">${escapeXml(row.heading)}</text>`,
    );
    for (const panel of row.panels) {
      top += 14;
      out.push(...drawPanel(panel, top, report.profile.durationSeconds));
      top += PANEL + GAP - 14;
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
