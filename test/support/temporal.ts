import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { partnerTicketSearchAttributes } from '../../domain/search-attributes';
import { temporalCliPath, temporalTestServerPath } from '../../simulators/local-binaries';

let runtimeInstalled = false;
/** Tests log only errors (failures stay visible, jest output stays readable). */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
  });
  runtimeInstalled = true;
}

const { IndexedValueType } = temporal.api.enums.v1;
const indexedValueType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * The time-skipping test server (an existing executable, never a download), with the project's
 * search attributes registered through the operator service: that server takes no
 * `--search-attribute` flag.
 */
export async function startTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      partnerTicketSearchAttributes.map((key) => [key.name, indexedValueType[key.type]]),
    ),
  });
  return env;
}

/** The Temporal CLI dev server (an existing executable), search attributes registered at start. */
export async function startDevServerEnvironment(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: [...partnerTicketSearchAttributes],
    },
  });
}
