// Deletion protection as the payloads and the manifest carry it (docs/deletion-protection.md).
// A payload or manifest entry written before this feature has no protection field: it reads as
// WHEN_IN_USE with the default window, so an upgrade never turns protection off.

import { PayloadError } from "./payload-error";

/** Whether a delete hook may delete a group (the construct's `deletionProtection`). */
export const DeletionProtectionValue = {
  /** Refuse while the group is in use (SLS: a recent checkpoint; DMS: messages waiting). */
  WHEN_IN_USE: "WHEN_IN_USE",
  /** Refuse every delete. */
  ALWAYS: "ALWAYS",
  /** Delete without looking. */
  OFF: "OFF",
} as const;
export type DeletionProtectionValue =
  (typeof DeletionProtectionValue)[keyof typeof DeletionProtectionValue];

/** Seconds since an SLS shard's last committed checkpoint within which the group is in use. */
export const DEFAULT_IN_USE_WINDOW_SECONDS = 600;
/** The longest window the construct accepts: one day. */
export const MAX_IN_USE_WINDOW_SECONDS = 86_400;

/**
 * The apply-time override: a comma-separated list of group names, or `*`, whose deletes go
 * through whatever their protection says. Read by the hook from the terraform run's environment.
 */
export const ALLOW_DELETE_ENV = "CONSUMER_GROUPS_ALLOW_DELETE";

/**
 * The way out of a removal that cannot be carried out (a group never created, an endpoint or
 * credential variables that are gone): group names, comma-separated, or `*`, that a delete
 * (prune or destroy) forgets instead: no call, not deleted, no longer managed.
 */
export const FORGET_ENV = "CONSUMER_GROUPS_FORGET";

/** What a delete payload (or manifest entry) says about protection, defaults applied. */
export interface DeletionGuard {
  readonly deletionProtection: DeletionProtectionValue;
  /** SLS only: the in-use window, seconds. */
  readonly inUseWindowSeconds: number;
}

export const DEFAULT_DELETION_GUARD: DeletionGuard = {
  deletionProtection: DeletionProtectionValue.WHEN_IN_USE,
  inUseWindowSeconds: DEFAULT_IN_USE_WINDOW_SECONDS,
};

/** Reads the two optional fields of a delete payload; absent = the defaults (older payloads). */
export function readDeletionGuard(p: Readonly<Record<string, unknown>>): DeletionGuard {
  const protection = p["deletionProtection"] ?? DEFAULT_DELETION_GUARD.deletionProtection;
  const allowed: readonly unknown[] = Object.values(DeletionProtectionValue);
  if (!allowed.includes(protection)) {
    throw new PayloadError(
      `deletionProtection ${JSON.stringify(protection)} must be one of ${Object.values(
        DeletionProtectionValue,
      )
        .map((v) => JSON.stringify(v))
        .join(", ")}`,
    );
  }
  const window = p["inUseWindowSeconds"] ?? DEFAULT_DELETION_GUARD.inUseWindowSeconds;
  if (
    typeof window !== "number" ||
    !Number.isInteger(window) ||
    window < 1 ||
    window > MAX_IN_USE_WINDOW_SECONDS
  ) {
    throw new PayloadError(
      `inUseWindowSeconds ${JSON.stringify(window)} must be a whole number of seconds from 1 to ${MAX_IN_USE_WINDOW_SECONDS}`,
    );
  }
  return { deletionProtection: protection as DeletionProtectionValue, inUseWindowSeconds: window };
}

/**
 * The manifest's compact form of a guard: `d` and `w` only where they differ from the default,
 * so a stack that keeps the defaults stores the manifest exactly as before this feature (its
 * trigger does not change on upgrade: no replacement, no prune).
 */
export function compactGuard(guard: Partial<DeletionGuard>): { d?: string; w?: number } {
  const d = guard.deletionProtection;
  const w = guard.inUseWindowSeconds;
  return {
    ...(d !== undefined && d !== DEFAULT_DELETION_GUARD.deletionProtection ? { d } : {}),
    ...(w !== undefined && w !== DEFAULT_DELETION_GUARD.inUseWindowSeconds ? { w } : {}),
  };
}

/** The inverse of compactGuard, as delete-payload fields (absent ones stay absent). */
export function expandGuard(stored: { d?: unknown; w?: unknown }): Record<string, unknown> {
  return {
    ...(stored.d === undefined ? {} : { deletionProtection: stored.d }),
    ...(stored.w === undefined ? {} : { inUseWindowSeconds: stored.w }),
  };
}
