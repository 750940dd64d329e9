// What every cloud's batched reconcile shares: the members (declared groups) on their way
// through one run, the run's bookkeeping and parallelism bound, and the walk over one container
// (one list call, then each member against what it lists).

import type { SkewCorrectable } from "./call-policy";
import type { FailureContext } from "./failure";
import type { Reporter } from "./report";
import type { Session } from "./session";
import type { EnsurePayload } from "../contract/payload-types";

export type Outcome = "changed" | "in sync";

/** One declared group on its way through the run. */
export interface Member<P extends EnsurePayload = EnsurePayload> {
  readonly payload: P;
  readonly context: FailureContext;
  done: boolean;
}

export interface Run {
  readonly env: NodeJS.ProcessEnv;
  /** Where `env` comes from, for messages. @default - the environment of the terraform run */
  readonly environment?: string;
  readonly reporter: Reporter;
  readonly limit: Limiter;
  fail(member: Member, error: unknown): void;
  succeed(member: Member, outcome: Outcome): void;
}

/** Told the credential variables a member's run uses, for auth hints. */
export function credentialsSink(member: Member): (variables: string) => void {
  return (variables) => {
    member.context.credentialVariables = variables;
  };
}

/**
 * One container (an SLS logstore, a DMS queue): lists it once, then brings each member to its
 * declared state through `each`, at most the run's parallelism at a time. A failed list fails
 * every member of the container.
 */
export async function reconcileContainer<
  P extends EnsurePayload,
  G extends { name: string },
>(args: {
  readonly what: string;
  readonly list: () => Promise<G[]>;
  readonly members: Member<P>[];
  readonly client: SkewCorrectable;
  readonly session: Session;
  readonly run: Run;
  readonly each: (member: Member<P>, live: G | undefined) => Promise<Outcome>;
}): Promise<void> {
  const { what, list, members, client, session, run, each } = args;
  let live: Map<string, G>;
  try {
    const call = session.callFor(client);
    const groups = await run.limit(() => call(`list ${what}`, list));
    live = new Map(groups.map((g) => [g.name, g]));
  } catch (e) {
    for (const member of members) run.fail(member, e);
    return;
  }
  await Promise.all(
    members.map((member) =>
      run.limit(async () => {
        try {
          run.succeed(member, await each(member, live.get(member.payload.identity.name)));
        } catch (e) {
          run.fail(member, e);
        }
      }),
    ),
  );
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `max` tasks at once; the others wait their turn, first come first served. */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new Error(`parallelism ${max} must be >= 1`);
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiting task, or free it.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
