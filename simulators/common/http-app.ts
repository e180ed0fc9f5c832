import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultRule } from './faults';

/** A parsed request as a simulator route sees it. */
export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
  /** The body parsed as JSON when the content type says so; undefined otherwise. */
  json: unknown;
  /** Absolute base URL this request reached, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
}

export type RouteHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  /** Path pattern with `:name` segments; a segment may also end in a literal suffix, e.g. `/tickets/:id.json`. */
  pattern: string;
  handler: RouteHandler;
}

export interface AdminHooks {
  reset(): void;
  state(): unknown;
  /** Simulator-specific admin actions under `/__admin/...`; undefined means "not mine" (404). */
  action?(method: string, path: string, body: unknown): SimResponse | undefined;
}

export interface RecordedRequest {
  method: string;
  path: string;
  route: string;
  status: number;
  at: string;
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) =>
      segment.replace(
        /:([A-Za-z_]+)|([^:]+)/g,
        (_m, name: string | undefined, literal: string | undefined) => {
          if (name) {
            names.push(name);
            return '([^/]+?)';
          }
          return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        },
      ),
    )
    .join('/');
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, body, headers };
}

/**
 * A small HTTP server for an API simulator: routes, an admin API under `/__admin`
 * (reset, state, request log, fault injection) and faithful wire behaviour left to the routes.
 */
export class SimulatorApp {
  private readonly routes: CompiledRoute[];
  readonly faults = new FaultInjector();
  readonly requests: RecordedRequest[] = [];
  /** The answer to a body that is not valid JSON, in the API's own error shape (set per simulator). */
  invalidJsonResponse: () => SimResponse = () =>
    json(400, { error: 'InvalidJSON', description: 'The request body is not valid JSON' });

  constructor(
    readonly name: string,
    routes: Route[],
    private readonly admin: AdminHooks,
  ) {
    this.routes = routes.map(compile);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<RunningSimulator> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'SimulatorError', description: String(err) }));
        } else {
          res.destroy();
        }
      });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const actualPort = (server.address() as AddressInfo).port;
    return {
      url: `http://${host}:${actualPort}`,
      port: actualPort,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const host = req.headers.host ?? '127.0.0.1';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname.startsWith('/__admin/')) {
      this.send(res, this.handleAdmin(method, url.pathname, rawBody));
      return;
    }

    const route = this.routes.find((r) => r.method === method && r.regex.test(url.pathname));
    const routeKey = route ? `${route.method} ${route.pattern}` : `${method} ${url.pathname}`;
    const record = (status: number): void => {
      this.requests.push({
        method,
        path: url.pathname,
        route: routeKey,
        status,
        at: new Date().toISOString(),
      });
    };

    const fault = this.faults.take(method, url.pathname, routeKey);
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault?.connectionReset) {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      record(fault.status);
      this.send(res, fault.response);
      return;
    }
    if (!route) {
      record(404);
      this.send(
        res,
        json(404, { error: 'InvalidEndpoint', description: `Not found: ${method} ${url.pathname}` }),
      );
      return;
    }
    const match = route.regex.exec(url.pathname);
    const params = Object.fromEntries(
      route.names.map((n, i) => [n, decodeURIComponent(match?.[i + 1] ?? '')]),
    );
    const contentType = req.headers['content-type'] ?? '';
    let parsed: unknown;
    if (contentType.includes('json') && rawBody.length > 0) {
      try {
        parsed = JSON.parse(rawBody.toString('utf8'));
      } catch {
        const invalid = this.invalidJsonResponse();
        record(invalid.status);
        this.send(res, invalid);
        return;
      }
    }
    const response = await route.handler({
      method,
      path: url.pathname,
      params,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      json: parsed,
      baseUrl: `http://${host}`,
    });
    record(response.status);
    this.send(res, response);
  }

  private handleAdmin(method: string, path: string, rawBody: Buffer): SimResponse {
    const body = rawBody.length > 0 ? (JSON.parse(rawBody.toString('utf8')) as unknown) : undefined;
    if (method === 'POST' && path === '/__admin/reset') {
      this.admin.reset();
      this.faults.clear();
      this.requests.length = 0;
      return json(200, { ok: true });
    }
    if (method === 'GET' && path === '/__admin/state') return json(200, this.admin.state());
    if (method === 'GET' && path === '/__admin/requests') return json(200, { requests: this.requests });
    if (method === 'POST' && path === '/__admin/faults') {
      const rules = Array.isArray(body) ? (body as FaultRule[]) : [body as FaultRule];
      return json(200, { faults: rules.map((rule) => this.faults.add(rule)) });
    }
    if (method === 'GET' && path === '/__admin/faults') return json(200, { faults: this.faults.active() });
    if (method === 'DELETE' && path === '/__admin/faults') {
      this.faults.clear();
      return json(200, { ok: true });
    }
    const handled = this.admin.action?.(method, path, body);
    if (handled) return handled;
    return json(404, { error: 'InvalidEndpoint', description: `Unknown admin route ${method} ${path}` });
  }

  private send(res: http.ServerResponse, response: SimResponse): void {
    const headers: Record<string, string> = { ...response.headers };
    let payload: string | Buffer = '';
    if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
      payload = response.body;
    } else if (response.body !== undefined) {
      payload = JSON.stringify(response.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    res.writeHead(response.status, headers);
    res.end(payload);
  }
}
