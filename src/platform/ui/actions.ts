/**
 * How the extension's pages run an action through the background and say when it failed:
 * one notice element per page, cleared by the next action that succeeds.
 */

import { errorMessageKey, type ErrorCode } from '../../shared/errors';
import type { ActionResult } from '../messaging/protocol';
import { t } from '../i18n';

export interface ActionRunner {
  /** Shows the message for `error`, or hides the notice. */
  show(error: ErrorCode | undefined): void;
  /** Waits for the action, shows how it went, and tells whether it went well. */
  run(request: Promise<ActionResult>): Promise<boolean>;
}

export function actionRunner(notice: HTMLElement): ActionRunner {
  const show = (error: ErrorCode | undefined) => {
    notice.hidden = !error;
    notice.textContent = error ? t(errorMessageKey(error)) : '';
  };
  return {
    show,
    async run(request) {
      // A background that could not answer (restarting, say) is a failure like any other.
      const result = await request.catch((): ActionResult => ({ ok: false, error: 'unknown' }));
      show(result.ok ? undefined : result.error);
      return result.ok;
    },
  };
}
