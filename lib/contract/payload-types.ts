// The hook payload: what the constructs write into cdk.tf.json and the hook reads back.
//
// Two halves reach the hook:
// - the *identity* of a group (group-identity.ts): the group resource's `triggers_replace` (or
//   `triggers` for null_resource), so it lives in Terraform state and the destroy hook reads
//   it back through `self`. All its values are strings, so the same object fits
//   null_resource's map(string). State may hold an identity of any earlier version.
// - everything else (settings, endpoint, timeouts, removal policy, credential variable
//   names) is a literal of the current configuration, so changing it replaces nothing.
//
// The envelope (version, command, identity, transport, credentials, removal policy, deletion
// protection) is the same for every cloud; a cloud adds the fields of its ensure (settings,
// a copy source, a wait) and says what its credential sources look like.
// No secret is ever part of a payload: credentials are named, never given.

import type { GroupIdentity } from "./group-identity";
import type { HookCommand, RemovalPolicyValue } from "./names";
import type { DeletionGuard } from "./protection";
import type { Transport } from "./transport";

/** An ensure payload: `I` the cloud's identity, `E` its ensure fields, `C` a credential source. */
export type EnsurePayload<
  I extends GroupIdentity = GroupIdentity,
  E extends object = object,
  C = unknown,
> = {
  readonly v: number;
  readonly command: typeof HookCommand.ENSURE;
  readonly identity: I;
  readonly transport: Transport;
  readonly credentials: readonly C[];
} & E;

export interface DeletePayload<
  I extends GroupIdentity = GroupIdentity,
  C = unknown,
> extends DeletionGuard {
  readonly v: number;
  readonly command: typeof HookCommand.DELETE;
  readonly identity: I;
  readonly removalPolicy: RemovalPolicyValue;
  readonly transport: Transport;
  readonly credentials: readonly C[];
}

export type HookPayload<
  I extends GroupIdentity = GroupIdentity,
  E extends object = object,
  C = unknown,
> = EnsurePayload<I, E, C> | DeletePayload<I, C>;
