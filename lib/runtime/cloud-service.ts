// The one interface every cloud implements. Everything that differs between clouds lives
// behind it, in lib/services/<cloud>/: the endpoint formulas, credentials, the client, ensure and
// delete, the batched reconcile of a container, the live listing for `check`, and the quota.
// The hook, `check` and the constructs are generic and reach a cloud only through
// registry.ts. Adding a cloud: a folder here, a line in registry.ts, its identity and payload
// shape in lib/contract, and its construct in lib/constructs (docs/architecture.md).

import type { Service } from "../contract/names";
import type { GroupIdentity } from "../contract/identity";
import type { HookPayload } from "../contract/payload";
import type { EnsurePayload } from "../contract/reconcile-payload";
import type { DeclaredRow, LiveContainer, LiveReadOptions } from "./live-model";
import type { Member, Run } from "./reconcile-run";
import type { Reporter } from "./report";
import type { Session } from "./session";

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

/** A cloud's public endpoints, for the constructs (synth time). */
export interface EndpointRules {
  /** The cloud these rules are for. */
  readonly service: Service;
  /** The public endpoint of a region. */
  publicEndpoint(region: string): string;
  /** The region a public endpoint serves, if `url` is one. */
  regionOf(url: URL): string | undefined;
  /**
   * The endpoint base the hook calls for a group with this identity (e.g. without the SLS
   * project label). Throws an Error whose message says what is wrong with `url`.
   */
  base(url: URL, identity: GroupIdentity): string;
  /** Words for messages, e.g. 'region: "cn-hangzhou" or endpoint: "https://…"'. */
  readonly example: string;
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

export interface CloudService {
  readonly service: Service;
  /** The cloud's name in messages, e.g. "SLS". */
  readonly label: string;
  /** What holds the groups and how many it may hold (contract/rules.ts GROUP_QUOTA). */
  readonly quota: { readonly container: string; readonly limit: number };
  readonly endpoints: EndpointRules;
  /** Runs one ensure or delete payload of this cloud. */
  run(payload: HookPayload, access: ServiceAccess): Promise<void>;
  /**
   * The batched reconcile of this cloud's members of one session: one list per container,
   * then creates and updates; every member ends in run.succeed or run.fail.
   */
  reconcile(members: readonly Member[], session: Session, run: Run): Promise<void>;
  /**
   * `check`: the live groups of the containers these declared groups (all of one transport
   * and project) are in, one list per container. Throws the first failure, formatted.
   */
  readLive(
    members: readonly DeclaredMember[],
    env: NodeJS.ProcessEnv,
    reporter: Reporter,
    options?: LiveReadOptions,
  ): Promise<LiveFindings>;
  /** Which declared groups `check` reads together (same project and transport). */
  liveBatchKey(payload: EnsurePayload): string;
}
