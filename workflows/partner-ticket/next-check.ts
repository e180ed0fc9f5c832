import { condition } from '@temporalio/workflow';

/**
 * Like `condition(ready)`, but never met in the step that sets it: only when the SDK next checks
 * the blocked conditions (it does after every activation's jobs and after every step that
 * unblocked one, so the wait is never longer than `condition`'s by more than that step).
 *
 * Why: a worker without the run cached may get, in one activation, a job of a workflow task that
 * ended with no command (e.g. a Zendesk write's completion) together with the next task's update
 * (Temporal Core merges such a task into the next one), while a replay of the history gets them
 * one after the other. A lane that took new work the moment its write finished then ordered its
 * activity differently live and on replay: a nondeterminism error (post-mortem of 2026-12-01).
 * Waiting for the next check puts the lane's new work after the step in both.
 */
export function conditionAtNextCheck(ready: () => boolean): Promise<void> {
  let stepOver = false;
  // A microtask of this step: it runs before the SDK checks conditions again.
  void Promise.resolve().then(() => {
    stepOver = true;
  });
  return condition(() => stepOver && ready());
}
