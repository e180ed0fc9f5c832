import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createServerMetrics } from '../../client/server/metrics';
import { createWorkerMetrics } from '../../workers/metrics/business-metrics';
import { dashboard, dashboardMetricNames } from '../support/dashboard';

/**
 * The monitoring that docker-compose.yml ships under its `monitoring` profile: Prometheus scrapes
 * what the services serve, and the sample dashboard reads metrics that exist. (Core SDK metric
 * names are checked against a running worker in test/integration/worker-metrics.test.ts.)
 */
const root = path.resolve(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

interface Service {
  environment?: Record<string, string | number>;
  ports?: string[];
  profiles?: string[];
  volumes?: string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
interface ScrapeConfig {
  job_name: string;
  static_configs?: Array<{ targets: string[] }>;
  dns_sd_configs?: Array<{ names: string[]; type: string; port: number }>;
}
const prometheus = parse(read('deploy/prometheus.yml')) as { scrape_configs: ScrapeConfig[] };

/** host:port of every scrape target. */
const targets = (): string[] =>
  prometheus.scrape_configs.flatMap((job) => [
    ...(job.static_configs ?? []).flatMap((config) => config.targets),
    ...(job.dns_sd_configs ?? []).flatMap((config) => config.names.map((name) => `${name}:${config.port}`)),
  ]);

describe('monitoring (compose profile `monitoring`)', () => {
  test('Prometheus and Grafana start only with the profile: a plain `up` is unchanged', () => {
    const monitoring = Object.entries(compose.services)
      .filter(([, service]) => service.profiles?.includes('monitoring'))
      .map(([name]) => name);
    expect(monitoring.sort()).toEqual(['grafana', 'prometheus']);
  });

  test("Prometheus scrapes every worker replica's two endpoints and the webhook server", () => {
    const worker = compose.services.worker.environment ?? {};
    expect(targets().sort()).toEqual(
      [
        `worker:${worker.WORKER_HEALTH_PORT}`,
        `worker:${worker.WORKER_METRICS_PORT}`,
        `webhook-server:${compose.services['webhook-server'].ports?.[0].split(':')[1]}`,
      ].sort(),
    );
    // Replicas have no fixed name: found by DNS, never listed by hand.
    expect(prometheus.scrape_configs.filter((job) => job.job_name.startsWith('worker'))).toHaveLength(2);
    for (const job of prometheus.scrape_configs.filter((j) => j.job_name.startsWith('worker'))) {
      expect(job.dns_sd_configs).toBeDefined();
    }
  });

  test('the dashboard reads the provisioned data source', () => {
    const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: Array<{ uid: string; url: string }>;
    };
    expect(datasources.datasources.map((d) => d.url)).toEqual(['http://prometheus:9090']);
    const uids = new Set(
      dashboard.panels.flatMap((panel) => [
        ...(panel.datasource ? [panel.datasource.uid] : []),
        ...(panel.targets ?? []).map((target) => target.datasource?.uid),
      ]),
    );
    expect([...uids]).toEqual([datasources.datasources[0].uid]);
  });

  test('every business metric the dashboard reads is one the worker or the server registers', async () => {
    const registered = [
      ...(await createWorkerMetrics().registry.getMetricsAsJSON()),
      ...(await createServerMetrics().registry.getMetricsAsJSON()),
    ].map((metric) => metric.name);
    const business = dashboardMetricNames().filter((name) => !name.startsWith('temporal_'));
    expect(business.length).toBeGreaterThan(0);
    for (const name of business)
      expect({ name, registered: registered.includes(name) }).toEqual({ name, registered: true });
  });
});
