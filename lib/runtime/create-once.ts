// Creating a cloud group exactly once over an unreliable network: a create whose
// answer may have been lost (reset, timeout, 5xx) is never simply sent again. The next attempt
// looks the group up first; if it is there, the earlier create went through.

import { AMBIGUOUS_KINDS, ErrorKind, isCloudApiError } from "../clients/cloud-api-error";
import type { Call } from "./call-policy";

/** How a group found after a lost create answer is logged: whose create made it is unknown. */
export const LOST_ANSWER_PRESENT =
  "present after a lost answer (created by this run or already there)";

export type CreateOutcome<G> =
  | { readonly kind: "created"; readonly requestId: string }
  /**
   * The service said the group already exists. afterLostAnswer: said to a create sent again
   * after an earlier one's answer was lost, so that earlier create may be what made it.
   */
  | { readonly kind: "exists"; readonly afterLostAnswer?: true }
  /**
   * The lookup after a lost answer found the group: the lost create went through, or the
   * group was there before it (the service cannot tell which).
   */
  | { readonly kind: "listed"; readonly group: G };

export async function createOnce<G>(
  call: Call,
  what: string,
  create: () => Promise<{ readonly requestId: string }>,
  lookup: () => Promise<G | undefined>,
): Promise<CreateOutcome<G>> {
  let answerMayBeLost = false;
  try {
    return await call(what, async (): Promise<CreateOutcome<G>> => {
      if (answerMayBeLost) {
        const group = await lookup();
        if (group) return { kind: "listed", group };
      }
      try {
        const { requestId } = await create();
        return { kind: "created", requestId };
      } catch (e) {
        if (isCloudApiError(e) && AMBIGUOUS_KINDS.has(e.kind)) answerMayBeLost = true;
        throw e;
      }
    });
  } catch (e) {
    if (isCloudApiError(e) && e.kind === ErrorKind.ALREADY_EXISTS) {
      return answerMayBeLost ? { kind: "exists", afterLostAnswer: true } : { kind: "exists" };
    }
    throw e;
  }
}
