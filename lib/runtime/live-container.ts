// A container `check` could not find: its declared groups are missing.

import type { LiveContainer } from "./live-model";

export function notFound(
  service: string,
  containerKey: string,
  where: string,
  why: string,
): LiveContainer {
  return {
    service,
    containerKey,
    where,
    found: false,
    groups: [],
    note: `${service} ${where} does not exist (${why}): its groups are missing, and a deploy fails until it is created`,
  };
}
