import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { partnerTicketSearchAttributes } from '../../domain/search-attributes';
import { temporalCliPath } from '../../simulators/local-binaries';

/**
 * docker-compose.yml's one-shot `temporal-setup` script, run here with the same Temporal CLI the
 * admin-tools image ships, against a dev server that knows none of our search attributes: it
 * creates the namespace and registers every attribute, and a second `docker compose up` (the
 * script again) changes nothing and succeeds.
 */
const script = path.resolve(__dirname, '..', '..', 'scripts', 'temporal', 'setup-namespace.sh');
const NAMESPACE = 'partner-support-compose';
const { IndexedValueType } = temporal.api.enums.v1;

describe('scripts/temporal/setup-namespace.sh (compose one-shot temporal-setup)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const runSetup = () =>
    promisify(execFile)('sh', [script], {
      env: {
        PATH: `${path.dirname(temporalCliPath())}:${process.env.PATH ?? ''}`,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: NAMESPACE,
      },
    });

  test('creates the namespace and registers every search attribute; a second run succeeds too', async () => {
    const first = await runSetup();
    expect(first.stdout).toContain(`namespace ${NAMESPACE} and its search attributes are ready`);
    const second = await runSetup();
    expect(second.stdout).toContain(`namespace ${NAMESPACE} exists`);

    const described = await env.connection.workflowService.describeNamespace({ namespace: NAMESPACE });
    expect(described.namespaceInfo?.name).toBe(NAMESPACE);
    const { customAttributes } = await env.connection.operatorService.listSearchAttributes({
      namespace: NAMESPACE,
    });
    const expected = Object.fromEntries(
      partnerTicketSearchAttributes.map((key) => [
        key.name,
        key.type === 'BOOL'
          ? IndexedValueType.INDEXED_VALUE_TYPE_BOOL
          : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    );
    expect(customAttributes).toMatchObject(expected);
  });
});
