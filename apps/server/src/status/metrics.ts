import type { Metric } from './scope.js';

/** The content type of Prometheus' text exposition format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/**
 * Renders metrics in the Prometheus text format (0.0.4), by hand: `# HELP`, `# TYPE`, then one line
 * per sample. A metric with no samples (nothing known yet, e.g. no backup ever) is left out whole.
 * Names appearing twice are merged under one HELP/TYPE.
 */
export function renderPrometheus(metrics: readonly Metric[]): string {
  const byName = new Map<string, Metric>();
  for (const m of metrics) {
    const known = byName.get(m.name);
    if (known) known.samples.push(...m.samples);
    else byName.set(m.name, { ...m, samples: [...m.samples] });
  }
  const lines: string[] = [];
  for (const m of byName.values()) {
    if (m.samples.length === 0) continue;
    lines.push(`# HELP ${m.name} ${escapeHelp(m.help)}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of m.samples) {
      const labels = Object.entries(s.labels ?? {});
      const l = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      lines.push(`${m.name}${l} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
