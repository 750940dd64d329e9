// What every emulated token service keeps: the temporary keys it issued, each also appended to
// the list of keys its vendor's service accepts (until the key expires). Issued keys are
// credentials, not resources: a reset keeps them; the state stores them as {"issued": [...]}.

import type { AnswerFault } from "./fault-kinds";

export class IssuedKeys<Key extends Accepted, Accepted = Key> {
  readonly #issued: Key[] = [];

  /** `accepted`: the vendor's list of keys its service accepts; issued keys are appended. */
  constructor(private readonly accepted: Accepted[]) {}

  get list(): readonly Key[] {
    return this.#issued;
  }

  add(key: Key): Key {
    this.#issued.push(key);
    this.accepted.push(key);
    return key;
  }

  snapshot(): { issued: Key[] } {
    return { issued: this.#issued };
  }

  restore(snapshot: unknown): void {
    for (const key of (snapshot as { issued?: Key[] } | null)?.issued ?? []) this.add(key);
  }
}

/** Status, code and message of an injected error, or of the service's throttling answer. */
export function injectedError(
  fault: AnswerFault,
  throttled: readonly [number, string, string],
): readonly [number, string, string] {
  return fault.kind === "error"
    ? [fault.status, fault.code, fault.message ?? `injected fault: ${fault.code}`]
    : throttled;
}
