// The official Node SDK's own signer (`AKSKSigner.sign` in
// node_modules/@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js, 3.1.211), used by tests as
// an oracle. It signs every header it is given and hashes JSON.stringify(data), so callers
// pass the body as the object, not as bytes.

import { createRequire } from "node:module";

export interface SdkRequest {
  /** Full URL without the query: scheme, host and the path the SDK signs. */
  readonly endpoint: string;
  readonly method: string;
  /** Header names as the SDK spells them; it reads "X-Sdk-Date" and "content-type" verbatim. */
  readonly headers: Record<string, string>;
  readonly queryParams?: Record<string, string | string[]>;
  readonly data?: object;
}

interface SdkCredential {
  getAk(): string;
  getSk(): string;
}

interface AkskSignerClass {
  sign(request: SdkRequest, credential: SdkCredential): Record<string, string>;
}

const { AKSKSigner } = createRequire(__filename)(
  "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner",
) as { AKSKSigner: AkskSignerClass };

/** The Authorization header @huaweicloud/huaweicloud-sdk-core 3.1.211 computes. */
export function sdkAuthorization(
  request: SdkRequest,
  credentials: { accessKey: string; secretKey: string },
): string {
  const signed = AKSKSigner.sign(
    // The SDK sorts repeated query values in place; give it copies.
    {
      ...request,
      headers: { ...request.headers },
      ...(request.queryParams ? { queryParams: copyQuery(request.queryParams) } : {}),
    },
    { getAk: () => credentials.accessKey, getSk: () => credentials.secretKey },
  );
  const authorization = signed["Authorization"];
  if (authorization === undefined) throw new Error("the SDK signer returned no Authorization");
  return authorization;
}

function copyQuery(query: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(query)) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}
