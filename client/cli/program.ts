import { Command, CommanderError, Option } from 'commander';
import { ackStarCommand, escalateCommand, unstarCommand } from './commands/star';
import { filesRetrieveCommand } from './commands/files';
import { filesUploaderCommand } from './commands/files-uploader';
import { listCommand } from './commands/list';
import { policyRolloutCommand } from './commands/policy';
import { deprovisionCommand, provisionCommand, provisionStatusCommand } from './commands/provision';
import { reconcileNowCommand, reconcileScheduleCommand } from './commands/reconcile';
import { statusCommand } from './commands/status';
import { zendeskSetupCommand } from './commands/zendesk';
import { zendeskReconcileNowCommand, zendeskReconcileScheduleCommand } from './commands/zendesk-reconcile';
import type { CliContext } from './context';
import { CliError, ExitCode } from './exit-codes';
import { partnerProgramValues, slaStateValues } from '../../domain/search-attributes';

/** The `partner-support` command line, writing to the context's streams (never exiting by itself). */
export function buildProgram(context: CliContext): Command {
  const program = new Command('partner-support')
    .description('Partner support tickets on Temporal: status, lists, STAR escalations')
    .option('--json', 'print JSON (for scripts) instead of tables')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    });
  const json = (): boolean => Boolean(program.opts().json);

  program
    .command('status')
    .description("a ticket's lifecycle: phase, program, SLA clocks, STAR, decisions")
    .argument('<ticketId>', 'Zendesk ticket ID')
    .action((ticketId: string) => statusCommand(context, ticketId, { json: json() }));

  program
    .command('list')
    .description('tickets by program, SLA state and STAR (running ones unless --all)')
    .addOption(new Option('--program <program>', `partner program (${partnerProgramValues.join(', ')})`))
    .addOption(new Option('--sla-state <state>', `SLA state (${slaStateValues.join(', ')})`))
    .option('--starred', 'only starred tickets')
    .option('--not-starred', 'only tickets without a STAR')
    .option('--all', 'include tickets whose workflow has ended')
    .option('--limit <n>', 'at most this many tickets (1-1000)', '50')
    .action(
      (options: {
        program?: string;
        slaState?: string;
        starred?: boolean;
        notStarred?: boolean;
        all?: boolean;
        limit: string;
      }) => {
        if (options.starred && options.notStarred) {
          throw new CliError(ExitCode.usage, '--starred and --not-starred exclude each other');
        }
        const starred = options.starred ? true : options.notStarred ? false : undefined;
        return listCommand(context, { ...options, starred, json: json() });
      },
    );

  program
    .command('escalate')
    .description('raise a STAR on a ticket (or add to the STAR already raised)')
    .argument('<request>', 'ticket ID (123456) or partner case number (T123456789)')
    .requiredOption('--reason <text>', 'why the ticket needs attention')
    .requiredOption('--actions <text>', 'what the requester wants done')
    .option('--urgency <urgency>', 'urgent, timely or not_urgent (default: timely)')
    .option('--emergency', 'an emergency: urgent, and the ticket priority set to urgent')
    .option('--submitter <name>', 'who asks (default: you)')
    .action(
      (
        request: string,
        options: {
          reason: string;
          actions: string;
          urgency?: string;
          emergency?: boolean;
          submitter?: string;
        },
      ) => escalateCommand(context, request, { ...options, json: json() }),
    );

  program
    .command('ack-star')
    .description('acknowledge the STAR on a ticket (stops its acknowledgement clock)')
    .argument('<ticketId>', 'Zendesk ticket ID')
    .option('--by <name>', 'the support manager acknowledging (default: you)')
    .action((ticketId: string, options: { by?: string }) =>
      ackStarCommand(context, ticketId, { ...options, json: json() }),
    );

  program
    .command('unstar')
    .description('end the STAR on a ticket; a reason is required')
    .argument('<ticketId>', 'Zendesk ticket ID')
    .requiredOption('--reason <text>', 'why the STAR ends')
    .option('--by <name>', 'who ends it (default: you)')
    .action((ticketId: string, options: { by?: string; reason: string }) =>
      unstarCommand(context, ticketId, { ...options, json: json() }),
    );

  // A1: `provision <email> …` starts (or joins) a provisioning; `provision status <email>` shows it.
  const provision = program
    .command('provision')
    .description("A1: a partner representative's support portal account (requested by a CSM, AE or Sales)")
    .argument('<email>', "the representative's email")
    .option('--account <id>', 'the Salesforce Account Id of the partner')
    .option('--requested-by <email>', 'the Salesforce User (CSM, AE or Sales) asking')
    .option('--name <name>', "the representative's name (for a new Contact or Zendesk user)")
    .option('--create-contact', 'create the Contact on the account if the representative has none')
    .action(
      (
        email: string,
        options: { account?: string; requestedBy?: string; name?: string; createContact?: boolean },
      ) => {
        if (!options.account) throw new CliError(ExitCode.usage, '--account <id> is required');
        if (!options.requestedBy) throw new CliError(ExitCode.usage, '--requested-by <email> is required');
        return provisionCommand(context, email, {
          ...options,
          account: options.account,
          requestedBy: options.requestedBy,
          json: json(),
        });
      },
    );
  provision
    .command('status')
    .description("a representative's provisioning: each step and its outcome")
    .argument('<email>', "the representative's email")
    .action((email: string) => provisionStatusCommand(context, email, { json: json() }));
  provision
    .command('remove')
    .description(
      "deprovision: out of the partner's organization (user kept) once the Contact left the account",
    )
    .argument('<email>', "the representative's email")
    .option('--requested-by <email>', 'who asks')
    .action((email: string, options: { requestedBy?: string }) => {
      // `--requested-by` is also an option of `provision`, which commander gives it to.
      const requestedBy = options.requestedBy ?? (provision.opts() as { requestedBy?: string }).requestedBy;
      if (!requestedBy) throw new CliError(ExitCode.usage, '--requested-by <email> is required');
      return deprovisionCommand(context, email, { requestedBy, json: json() });
    });

  program
    .command('reconcile-schedule')
    .description(
      'A1: create the Schedule partner-accounts-reconcile (Salesforce portal Contacts vs Zendesk), once',
    )
    .option('--every <interval>', 'how often, e.g. "1 hour" or "30 minutes"', '1 hour')
    .action((options: { every: string }) => reconcileScheduleCommand(context, { ...options, json: json() }));
  program
    .command('reconcile')
    .description('A1: run the reconciliation partner-accounts-reconcile now (triggers its Schedule)')
    .option('--now', 'start a run now (nothing is triggered while one is going)')
    .action((options: { now?: boolean }) => reconcileNowCommand(context, { ...options, json: json() }));

  const zendesk = program.command('zendesk').description('the Zendesk side of the integration');
  zendesk
    .command('setup')
    .description(
      'create (or update) the Zendesk webhook sending ticket events to the server; prints its signing secret',
    )
    .requiredOption('--endpoint <url>', "the server's public webhook URL, e.g. https://…/webhooks/zendesk")
    .option('--name <name>', 'the webhook name (found and updated by it)')
    .action((options: { endpoint: string; name?: string }) =>
      zendeskSetupCommand(context, { ...options, json: json() }),
    );
  zendesk
    .command('reconcile-schedule')
    .description(
      "create the Schedule zendesk-reconcile (Zendesk's ticket event export → events webhooks missed), once",
    )
    .option('--every <interval>', 'how often, e.g. "5 minutes" or "1h"', '5 minutes')
    .action((options: { every: string }) =>
      zendeskReconcileScheduleCommand(context, { ...options, json: json() }),
    );
  zendesk
    .command('reconcile')
    .description('run the Zendesk reconciliation now (triggers the Schedule zendesk-reconcile)')
    .option('--now', 'start a run now')
    .action((options: { now?: boolean }) =>
      zendeskReconcileNowCommand(context, { ...options, json: json() }),
    );

  // A5: copy a partner's S3 files onto a ticket (a child workflow of the ticket's; its note lists them).
  const files = program.command('files').description("a ticket's files (A5)");
  files
    .command('retrieve')
    .description(
      "copy the partner's files from its S3 bucket/prefix into the support bucket, with a note on the ticket",
    )
    .argument('<ticketId>', 'Zendesk ticket ID')
    .option('--prefix <prefix>', "within the partner's prefix (e.g. 123456/)")
    .option('--max-objects <n>', 'at most this many objects (default 1000)')
    .action((ticketId: string, options: { prefix?: string; maxObjects?: string }) =>
      filesRetrieveCommand(context, ticketId, { ...options, json: json() }),
    );
  // S5: a Support Uploader for files over 20 MB (its link is posted on the ticket).
  files
    .command('uploader')
    .description('issue a Support Uploader on the ticket: its link is posted as a public comment (S5)')
    .argument('<ticketId>', 'Zendesk ticket ID')
    .action((ticketId: string) => filesUploaderCommand(context, ticketId, { json: json() }));

  const policy = program.command('policy').description('SLA policy versions');
  policy
    .command('rollout')
    .description('move every running ticket to an SLA policy version (clocks keep the time they consumed)')
    .option('--version <version>', 'the policy version (default: the current one)')
    .action((options: { version?: string }) => policyRolloutCommand(context, { ...options, json: json() }));

  return program;
}

/**
 * Runs one command line (`argv` without node and script) and returns the exit code:
 * 0 ok, 1 failure, 2 usage error, 3 not found. Errors are printed as one line on stderr.
 */
export async function runCli(argv: string[], context: CliContext): Promise<ExitCode> {
  const program = buildProgram(context);
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander only; its usage messages are already printed.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof CliError) {
      context.stderr.write(`error: ${err.message}\n`);
      return err.exitCode;
    }
    context.stderr.write(`error: ${(err as Error).message ?? String(err)}\n`);
    return ExitCode.failure;
  }
}
