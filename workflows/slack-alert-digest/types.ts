import type { DigestSettings, DigestState } from '../../domain/alert-digest';

export interface SlackAlertDigestInput {
  /** The Slack destination (the webhook's channel key, e.g. `alerts`). */
  channel: string;
  settings?: Partial<DigestSettings>;
  /** State carried over by continue-as-new. */
  carried?: DigestState;
  /** History length after which the run continues as new (tests set it low). */
  continueAsNewAfter?: number;
}
