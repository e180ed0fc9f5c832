import {
  DEFAULT_WEBHOOK_NAME,
  setupZendeskWebhook,
  webhookDefinition,
  type WebhookDefinition,
} from '../../zendesk/webhook-setup';
import { writeJson, type CliContext } from '../context';
import { CliError, ExitCode, usageError } from '../exit-codes';

/**
 * `partner-support zendesk setup --endpoint <url>`: creates (or updates, by name) the Zendesk
 * webhook that sends this service its ticket events, reads its signing secret back, and prints
 * what the webhook server's configuration needs. Needs a Zendesk admin's API token.
 */
export async function zendeskSetupCommand(
  context: CliContext,
  options: { endpoint: string; name?: string; json: boolean },
): Promise<void> {
  const api = context.zendeskWebhooks;
  if (!api)
    throw new CliError(
      ExitCode.failure,
      'Zendesk is not configured (ZENDESK_URL, ZENDESK_EMAIL, ZENDESK_API_TOKEN)',
    );
  let definition: WebhookDefinition;
  try {
    definition = webhookDefinition(options.endpoint, options.name ?? DEFAULT_WEBHOOK_NAME);
  } catch (err) {
    throw usageError(`--endpoint: ${(err as Error).message}`);
  }
  let setup;
  try {
    setup = await setupZendeskWebhook(api, definition);
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    throw new CliError(
      ExitCode.failure,
      `Zendesk's Webhooks API refused the setup${status ? ` (HTTP ${status})` : ''}: ${(err as Error).message}` +
        (status === 403 ? ' (the API token must be an admin’s)' : ''),
    );
  }
  const { action, webhook, signingSecret } = setup;
  if (options.json) {
    writeJson(context, {
      action,
      webhookId: webhook.id,
      name: webhook.name,
      endpoint: webhook.endpoint,
      subscriptions: webhook.subscriptions,
      configuration: { ZENDESK_WEBHOOK_SECRET: signingSecret },
    });
    return;
  }
  context.stdout.write(
    [
      `Zendesk webhook "${webhook.name}" ${action} (id ${webhook.id})`,
      `  endpoint:      ${webhook.endpoint}`,
      `  subscriptions: ${webhook.subscriptions.join(', ')}`,
      '',
      "Put in the webhook server's configuration (then restart it):",
      `  ZENDESK_WEBHOOK_SECRET=${signingSecret}`,
      '',
    ].join('\n'),
  );
}
