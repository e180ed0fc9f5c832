/** What `partner-support` exits with, so that scripts can tell outcomes apart. */
export const ExitCode = {
  ok: 0,
  /** The operation failed: Temporal unreachable, the workflow refused it, an unexpected error. */
  failure: 1,
  /** The command line was wrong: unknown command or option, missing or invalid value. */
  usage: 2,
  /** The ticket (or case number) has no workflow / does not exist. */
  notFound: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure with the exit code and the one-line message the user sees. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(ExitCode.usage, message);
