// The ECS instance metadata routes (the session-token PUT, the role name, the role's key) and
// the credentials URI, as the hook's chain reads them.

import { randomBytes } from "node:crypto";
import {
  headerValue,
  jsonAnswer,
  textAnswer,
  type EmulatorAnswer,
  type EmulatorRequest,
} from "../../../../emulator/emulated-service";
import { StsError, type Context, type Issued } from "./sts-emulator-context";

const SIX_HOURS = 6 * 3600;

export function runMetadata(request: EmulatorRequest, ctx: Context, at: number): EmulatorAnswer {
  const { path, method } = request;
  if (path === "/latest/api/token") {
    if (method !== "PUT") throw new StsError(405, "MethodNotAllowed", "Method Not Allowed");
    const ttl = Number(headerValue(request, "x-aliyun-ecs-metadata-token-ttl-seconds"));
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) {
      throw new StsError(
        400,
        "BadRequest",
        "x-aliyun-ecs-metadata-token-ttl-seconds must be 1-21600",
      );
    }
    const token = randomBytes(32).toString("base64url");
    ctx.metadataTokens.set(token, at + ttl * 1000);
    return textAnswer(200, token);
  }
  if (path === "/credentials" && ctx.config.credentialsUri) {
    if (method !== "GET") throw new StsError(405, "MethodNotAllowed", "Method Not Allowed");
    return jsonAnswer(200, {}, { Code: "Success", ...keyBody(ctx.issue(SIX_HOURS)) });
  }
  const prefix = "/latest/meta-data/ram/security-credentials/";
  if (method === "GET" && path.startsWith(prefix)) {
    const token = headerValue(request, "x-aliyun-ecs-metadata-token");
    if (token !== undefined && !((ctx.metadataTokens.get(token) ?? 0) > at)) {
      throw new StsError(401, "Unauthorized", "Unauthorized");
    }
    const role = ctx.config.ecsRoleName;
    const name = decodeURIComponent(path.slice(prefix.length));
    if (!role) throw new StsError(404, "NotFound", "Not Found");
    if (name === "") return textAnswer(200, role);
    if (name !== role) throw new StsError(404, "NotFound", "Not Found");
    const key = ctx.issue(SIX_HOURS);
    return jsonAnswer(
      200,
      {},
      {
        ...keyBody(key),
        LastUpdated: new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z"),
        Code: "Success",
      },
    );
  }
  throw new StsError(404, "NotFound", "Not Found");
}

function keyBody(key: Issued) {
  return {
    AccessKeyId: key.accessKeyId,
    AccessKeySecret: key.accessKeySecret,
    SecurityToken: key.securityToken,
    Expiration: new Date(key.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}
