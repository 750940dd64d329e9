// What a user should do about a failed call, by error kind (the README's error table
// repeats these).

import { ErrorKind, type CloudApiError } from "../clients/cloud-api-error";

export function hintFor(e: CloudApiError, credentialVariables: string | undefined): string {
  const limit =
    e.service === "sls" ? "30 consumer groups per logstore" : "3 consumer groups per queue";
  switch (e.kind) {
    case ErrorKind.AUTH:
      return credentialVariables
        ? `Check ${credentialVariables}: the key must exist, be enabled and be allowed to manage consumer groups.`
        : "Check the credentials in the environment of the terraform run.";
    case ErrorKind.QUOTA_EXCEEDED:
      return `The service allows ${limit}; delete groups that are no longer used or declare this one elsewhere. Nothing was created.`;
    case ErrorKind.NOT_FOUND:
      return "The project, logstore or queue does not exist: create it first, or fix the construct's props.";
    case ErrorKind.VALIDATION:
      return "The service rejected the request as invalid; check the construct's props against the service's rules.";
    case ErrorKind.ALREADY_EXISTS:
      return "The group exists but could not be adopted; re-run the apply.";
    case ErrorKind.CLOCK_SKEW:
      return "This machine's clock is more than 15 minutes off the service's; synchronise it (NTP) and re-run.";
    case ErrorKind.THROTTLED:
    case ErrorKind.SERVER:
    case ErrorKind.NETWORK:
    case ErrorKind.TIMEOUT:
      return "Retries ran out before the deadline; re-run the apply (the hook is idempotent), or raise deadlineSeconds.";
  }
}
