// The one place a failure becomes text: what failed, the cloud's answer, the stable code, and
// what to do next. The hook (ensure, delete, prune, reconcile) and `check` all print through it;
// only the next step differs, by the phase the user was in.

import { ErrorKind, isCloudApiError, type CloudApiError } from "../clients/cloud-api-error";
import { PROXY_AUTH_REQUIRED } from "../clients/transport-error";
import { DeadlineExceededError } from "../http/with-retry";
import { HookErrorCode, isHookError } from "./errors";

/** What the error text needs to know beyond the error itself. */
export interface FailureContext {
  /** "X and Y": the credential variables this run used, for auth hints. */
  credentialVariables?: string;
}

/** What the user was doing, which decides the next step a message suggests. */
export const Phase = {
  APPLY: "apply",
  DESTROY: "destroy",
  /** A prune runs when an apply replaces the manifest, or in a destroy. */
  APPLY_OR_DESTROY: "apply or destroy",
  CHECK: "check",
  /** `cdktf-consumer-groups repair`: writes without terraform. */
  REPAIR: "repair",
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** The commands a user runs for `check` and `repair` (with their own output folder). */
const CHECK_COMMAND = "npx cdktf-consumer-groups check cdktf.out";
const REPAIR_COMMAND = "npx cdktf-consumer-groups repair cdktf.out";

/** The next step after a transient failure, in the words of the phase. */
export function rerun(phase: Phase): string {
  switch (phase) {
    case Phase.CHECK:
      return `run \`${CHECK_COMMAND}\` again`;
    case Phase.REPAIR:
      return `run \`${REPAIR_COMMAND}\` again`;
    case Phase.APPLY_OR_DESTROY:
      return "re-run the apply or destroy that failed";
    default:
      return `re-run the ${phase}`;
  }
}

/** `<what> failed: <cause>. <next step>` for any error a hook run or a check can meet. */
export function formatFailure(
  what: string,
  e: unknown,
  context: FailureContext,
  phase: Phase,
): string {
  const failed = `${what} failed`;
  if (isCloudApiError(e)) {
    const status = e.status === 0 ? "no answer" : String(e.status);
    const request = e.requestId ? ` (request ${e.requestId})` : "";
    const hint = hintFor(e, context.credentialVariables, phase);
    return `${failed}: ${status} ${e.cloudCode}: ${e.cloudMessage}${request}. ${e.code}: ${hint}`;
  }
  if (isHookError(e)) return `${failed}: ${e.code}: ${e.message}.${e.hint ? ` ${e.hint}` : ""}`;
  if (e instanceof DeadlineExceededError) {
    return `${failed}: ${e.code}: ${e.message}. Raise deadlineSeconds on the construct, or ${rerun(phase)}.`;
  }
  // Anything unclassified is a gap in this library, not in the user's setup.
  return (
    `${failed}: ${HookErrorCode.UNEXPECTED}: unexpected error: ${e instanceof Error ? e.message : String(e)}. ` +
    `This is a gap in cdktf-consumer-groups: ${rerun(phase)} with CGAC_DEBUG=1 and report the output.`
  );
}

/** What a user should do about a failed call, by error kind (docs/errors.md lists these). */
export function hintFor(
  e: CloudApiError,
  credentialVariables: string | undefined,
  phase: Phase,
): string {
  switch (e.kind) {
    case ErrorKind.AUTH:
      if (e.status === 407 || e.cloudCode === PROXY_AUTH_REQUIRED) {
        const which = e.proxy ? ` (${e.proxy})` : "";
        return `The HTTP proxy (HTTPS_PROXY / HTTP_PROXY) asks for credentials${which}: put the user and password in the proxy URL, before its host and percent-encoded, or set NO_PROXY for this endpoint.`;
      }
      return credentialVariables
        ? `Check ${credentialVariables}: the key must exist, be enabled and be allowed to manage consumer groups.`
        : "Check the credentials in the environment of the terraform run.";
    case ErrorKind.QUOTA_EXCEEDED: {
      const { limit, kind } = e.cloud.container;
      return `The service allows ${limit} consumer groups per ${kind}; delete groups that are no longer used or declare this one elsewhere. Nothing was created.`;
    }
    case ErrorKind.NOT_FOUND:
      return `The ${e.cloud.label} ${e.cloud.container.kind}, or what holds it, does not exist: create it first, or fix the construct's props.`;
    case ErrorKind.VALIDATION:
      // A delete may be of a group whose construct is gone: its props cannot be fixed.
      return phase === Phase.DESTROY || phase === Phase.APPLY_OR_DESTROY
        ? "The service rejected the request as invalid (the props the group was deployed with do not fit the service's rules)."
        : "The service rejected the request as invalid; check the construct's props against the service's rules.";
    case ErrorKind.ALREADY_EXISTS:
      return `The group exists but could not be adopted; ${rerun(phase)}.`;
    case ErrorKind.CLOCK_SKEW:
      return `This machine's clock is more than 15 minutes off the service's; synchronise it (NTP) and ${rerun(phase)}.`;
    case ErrorKind.NETWORK:
    case ErrorKind.TIMEOUT:
      if (e.proxy) {
        return (
          `The proxy ${e.proxy} gave no answer from the endpoint (the proxy is down, unreachable, ` +
          "or cannot reach the endpoint): check that proxy, or set NO_PROXY for this endpoint " +
          `to connect directly; then ${rerun(phase)}.`
        );
      }
      return retriesRanOut(phase);
    case ErrorKind.THROTTLED:
    case ErrorKind.SERVER:
      return retriesRanOut(phase);
  }
}

function retriesRanOut(phase: Phase): string {
  return phase === Phase.CHECK
    ? `Retries ran out before the deadline; ${rerun(phase)}, or raise deadlineSeconds on the construct.`
    : `Retries ran out before the deadline; ${rerun(phase)} (the hook is idempotent), or raise deadlineSeconds.`;
}
