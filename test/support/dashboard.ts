import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

interface Panel {
  type: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; datasource?: { uid: string } }>;
}

/** deploy/grafana/partner-support.json, the sample dashboard docker-compose.yml provisions. */
export const dashboard = JSON.parse(
  readFileSync(path.join(root, 'deploy', 'grafana', 'partner-support.json'), 'utf8'),
) as { uid: string; panels: Panel[] };

/** Every metric the dashboard's queries read, histogram series named by their base metric. */
export function dashboardMetricNames(): string[] {
  const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
  const names = exprs.flatMap((expr) => [...expr.matchAll(/\b((?:partner_support|temporal|http)_\w+)/g)]);
  return [...new Set(names.map((match) => match[1].replace(/_(bucket|sum|count)$/, '')))].sort();
}
