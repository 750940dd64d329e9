// Admin routes on one resource of one cloud, for tests and for people driving the emulator by
// hand: /_emulator/<service>/<kind>/<a>/<b>/<c>, each cloud's routes in its EmulatedCloud
// (StartedCloud.adminRoutes). Unknown resources answer the cloud's own 404 code; malformed
// bodies 400 InvalidAdminBody; a cloud the emulator does not mount 404 NotEmulated.

import { isCloudError, type AdminRoute } from "./emulated-cloud";
import { jsonAnswer, type EmulatorAnswer, type EmulatorRequest } from "./emulated-service";

/** One cloud's admin routes, as the running emulator has them. */
export interface AdminCloud {
  readonly serviceName: string;
  readonly title: string;
  readonly mounted: boolean;
  /** The routes as help and errors list them. */
  readonly help: string;
  readonly routes: readonly AdminRoute[];
}

/** Every cloud's routes, as help and error messages list them. */
export function adminCloudRoutesHelp(clouds: readonly AdminCloud[]): string {
  return clouds.map((cloud) => cloud.help).join(", ");
}

/** The answer of a cloud's admin route, or undefined when the path is not one. */
export function handleAdminCloudRequest(
  request: EmulatorRequest,
  clouds: readonly AdminCloud[],
): EmulatorAnswer | undefined {
  const [service, kind, ...ids] = routeSegments(request.path, clouds) ?? [];
  const cloud = clouds.find((c) => c.serviceName === service);
  if (!cloud || kind === undefined) return undefined;
  const route = cloud.routes.find((r) => r.method === request.method && r.kind === kind);
  try {
    if (!route) {
      return jsonAnswer(
        405,
        {},
        {
          errorCode: "NoSuchAdminRoute",
          errorMessage: `${request.method} is not allowed on ${request.path}; there are ${adminCloudRoutesHelp(clouds)}`,
        },
      );
    }
    if (!cloud.mounted) {
      return jsonAnswer(
        404,
        {},
        { errorCode: "NotEmulated", errorMessage: `this emulator runs no ${cloud.title} service` },
      );
    }
    return route.run(ids.map(decode) as [string, string, string], request.body);
  } catch (e) {
    return adminError(e);
  }
}

/** [service, kind, a, b, c] of /_emulator/<service>/<kind>/<a>/<b>/<c>, for known names. */
function routeSegments(path: string, clouds: readonly AdminCloud[]): string[] | undefined {
  const services = clouds.map((c) => c.serviceName);
  const kinds = new Set(clouds.flatMap((c) => c.routes.map((r) => r.kind)));
  const match = /^\/_emulator\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (!match) return undefined;
  const [, service = "", kind = "", ...ids] = match;
  if (!services.includes(service) || !kinds.has(kind)) return undefined;
  return [service, kind, ...ids];
}

/** Cloud errors keep their status and code; anything else is a malformed admin body. */
function adminError(e: unknown): EmulatorAnswer {
  if (isCloudError(e)) {
    return jsonAnswer(e.status, {}, { errorCode: e.code, errorMessage: e.message });
  }
  return jsonAnswer(
    400,
    {},
    { errorCode: "InvalidAdminBody", errorMessage: String((e as Error).message ?? e) },
  );
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
