// The one interface every cloud implements. Everything that differs between clouds lives
// behind it, in the cloud's folder (lib/clouds/<vendor>/<cloud>/): what its payloads hold
// (CloudContract), the endpoint formulas, credentials, the client, ensure and delete, the
// batched reconcile of a container, and the live listing for `check`. The hook, `check` and the
// constructs are generic and reach a cloud only through this interface (a construct passes
// its cloud's CloudContract to the construct base); lib/clouds/hook-clouds.ts lists the clouds.
//
// Typed over the cloud's own identity, ensure fields and credential sources, so a cloud's code
// takes its payloads as they are. The registries hold them as CloudService of the neutral
// types; the hook hands a cloud only payloads whose identity names its service, which only its
// own readers (CloudContract) made.

import type { DeclaredRow, GroupSettings, LiveContainer, LiveReadOptions } from "./live-model";
import type { Member, Run } from "./reconcile-run";
import type { Reporter } from "./report";
import type { Session } from "./session";
import type { GroupIdentity } from "../contract/group-identity";
import type { CloudContract } from "../contract/cloud-contract";
import type { EndpointRules } from "../contract/location-rules";
import type { HookPayload, EnsurePayload } from "../contract/payload-types";

/** What one payload's run gets from the generic hook. */
export interface ServiceAccess {
  readonly env: NodeJS.ProcessEnv;
  readonly session: Session;
  /** Told the credential variables the run uses ("X and Y"), for auth hints. */
  readonly onCredentials: (variables: string) => void;
  /**
   * For a prune: whether the app still declares a group. A cloud whose groups have more than
   * one spelling (a DMS queue by id or by name) checks the other spellings before deleting.
   */
  readonly declares?: (identity: GroupIdentity) => boolean;
  /**
   * For a prune, with the ensure payload of a group that copies its checkpoints from a group
   * about to be deleted: only make sure the copy exists and holds every checkpoint it should
   * (created as `ensure` creates it, or its missing shards filled; nothing said when complete).
   */
  readonly beforeSourceDelete?: boolean;
}

/** A declared group as `check` reads it, with the stack that declares it. */
export interface DeclaredMember<P extends EnsurePayload = EnsurePayload> {
  readonly payload: P;
  readonly stack: string;
}

/** What `check` found for some declared groups: their rows and the containers listed. */
export interface LiveFindings {
  readonly declared: DeclaredRow[];
  readonly containers: LiveContainer[];
}

export interface CloudService<
  I extends GroupIdentity = GroupIdentity,
  E extends object = object,
  C = unknown,
> extends CloudContract<I, E, C> {
  readonly endpoints: EndpointRules;
  /** Runs one ensure or delete payload of this cloud. */
  run(payload: HookPayload<I, E, C>, access: ServiceAccess): Promise<void>;
  /**
   * The batched reconcile of this cloud's members of one session: one list per container,
   * then creates and updates; every member ends in run.succeed or run.fail.
   */
  reconcile(
    members: readonly Member<EnsurePayload<I, E, C>>[],
    session: Session,
    run: Run,
  ): Promise<void>;
  /**
   * `check`: the live groups of the containers these declared groups (all of one transport
   * and project) are in, one list per container. Throws the first failure, formatted.
   */
  readLive(
    members: readonly DeclaredMember<EnsurePayload<I, E, C>>[],
    env: NodeJS.ProcessEnv,
    reporter: Reporter,
    options?: LiveReadOptions,
  ): Promise<LiveFindings>;
  /** Which declared groups `check` reads together (same project and transport). */
  liveBatchKey(payload: EnsurePayload<I, E, C>): string;
  /** The settings `check` compares and shows for a declared group ({} when it has none). */
  settingsOf(payload: EnsurePayload<I, E, C>): GroupSettings;
}

/** The cloud of `service` among `clouds`; throws when none is registered. */
export function serviceFor<T extends CloudService>(clouds: readonly T[], service: string): T {
  const found = clouds.find((c) => c.service === service);
  if (!found) throw new Error(`no cloud service "${service}" is registered`);
  return found;
}
