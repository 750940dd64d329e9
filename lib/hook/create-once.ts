// Creating a cloud group exactly once over an unreliable network (pitfall P26): a create whose
// answer may have been lost (reset, timeout, 5xx) is never simply sent again. The next attempt
// looks the group up first; if it is there, the earlier create went through.

import { AMBIGUOUS_KINDS, ErrorKind, isCloudApiError } from "../clients/cloud-api-error";
import type { Call } from "./call-policy";

export type CreateOutcome<G> =
  | { readonly kind: "created"; readonly requestId: string }
  /** The service said the group already exists. */
  | { readonly kind: "exists" }
  /** A lost answer's create went through: the lookup found the group. */
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
    if (isCloudApiError(e) && e.kind === ErrorKind.ALREADY_EXISTS) return { kind: "exists" };
    throw e;
  }
}
