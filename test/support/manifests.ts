// Stored manifests as the hook meets them in a prune payload: the format this release writes
// (one trigger per group), the list releases up to 0.2.0 wrote, and `previous` as Terraform's
// `base64gzip(jsonencode(self.triggers_replace))` hands it over.

import { gzipSync } from "node:zlib";
import { Table, compact } from "../../lib/contract/compact";
import { identityKey } from "../../lib/contract/group-identity";
import {
  manifestEntries,
  manifestVersion,
  type ListManifest,
  type ManagedGroup,
} from "../../lib/contract/stored-manifest";
import { compactGuard } from "../../lib/contract/protection";
import type { Transport } from "../../lib/contract/transport";

/** The manifest triggers the construct writes for these groups (each keyed by its key). */
export function storedManifest(groups: readonly ManagedGroup[]): Record<string, string> {
  return Object.assign(
    { v: manifestVersion() },
    ...groups.map((g) => manifestEntries(identityKey(g.identity), g)),
  ) as Record<string, string>;
}

/** The manifest triggers as releases up to 0.2.0 stored them: `{ v: "2", groups }`. */
export function listManifest(groups: readonly ManagedGroup[]): { v: string; groups: string } {
  const transports = new Table<Transport>();
  const credentials = new Table<unknown>();
  const manifest: ListManifest = {
    groups: groups.map((g) => ({
      i: g.identity,
      p: g.removalPolicy,
      // Releases up to 0.2.0 stored resolved transports only.
      t: transports.index(g.transport as Transport),
      c: credentials.index(g.credentials),
      ...compactGuard(g),
    })),
    transports: transports.values(),
    credentials: credentials.values(),
  };
  return { v: "2", groups: compact(JSON.stringify(manifest)) };
}

/** Stored triggers as the prune payload's `previous`: Terraform's base64gzip of their JSON. */
export function asPrevious(triggers: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(triggers))).toString("base64");
}

/** A prune's `previous` listing these groups, in the format this release stores. */
export function previousManifest(groups: readonly ManagedGroup[]): string {
  return asPrevious(storedManifest(groups));
}
