// What every hook run shares, whatever the cloud: one connection pool, one clock, one deadline
// for the whole run, and the call policy (retries, clock-skew correction) bound to a client.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Dispatcher } from "undici";
import { isCloudApiError, type CloudApiError } from "../clients/cloud-api-error";
import { createDispatcher } from "../http/dispatcher";
import { unparsableProxy } from "../http/proxy";
import { DEFAULT_RETRY_POLICY } from "../http/retry-policy";
import { realClock } from "../http/with-retry";
import { createCall, type Call, type Clock, type SkewCorrectable } from "./call-policy";
import { HookError, HookErrorCode } from "./errors";
import type { Reporter } from "./report";
import type { Transport } from "../contract/transport";

export interface Session {
  readonly clock: Clock;
  readonly dispatcher: Dispatcher;
  readonly reporter: Reporter;
  /** Epoch ms after which no new attempt starts. */
  readonly deadlineAt: number;
  /** The call policy for one client (its clock offset is corrected on skew). */
  callFor(client: SkewCorrectable): Call;
}

/** Runs `body` with a session for `transport`, closing its connections afterwards. */
export async function withSession<T>(
  transport: Transport,
  reporter: Reporter,
  body: (session: Session) => Promise<T>,
): Promise<T> {
  const clock = realClock;
  const badProxy = unparsableProxy(process.env);
  if (badProxy) {
    throw new HookError(
      HookErrorCode.BAD_PROXY,
      `the proxy ${badProxy.variable} ${JSON.stringify(badProxy.shown)} is not a URL (user info masked)`,
      `Fix ${badProxy.variable} (http://host:port, with the user name and password in it ` +
        "percent-encoded: / as %2F, : as %3A, # as %23, ? as %3F, a space as %20, the at sign " +
        "as %40), or unset it.",
    );
  }
  const ca = transport.caFile === undefined ? undefined : readCaFile(transport.caFile);
  const dispatcher = createDispatcher({
    requestTimeoutMs: transport.requestTimeoutMs,
    ...(ca === undefined ? {} : { ca }),
  });
  const deadlineAt = clock.now() + transport.deadlineMs;
  const session: Session = {
    clock,
    dispatcher,
    reporter,
    deadlineAt,
    callFor: (client) => {
      const call = createCall({
        clock,
        policy: DEFAULT_RETRY_POLICY,
        deadlineAt,
        reporter,
        client,
      });
      // A certificate the hook does not trust stays untrusted: fail on the first attempt.
      return (what, operation) => call(what, () => failingFastOnTls(operation, transport));
    },
  };
  try {
    return await body(session);
  } finally {
    await dispatcher.close();
  }
}

const NODE_EXTRA_CA_CERTS = "NODE_EXTRA_CA_CERTS";

/**
 * The certificates to trust in addition to Node's bundled roots: `caFile` (resolved against the
 * working directory, which under Terraform is the stack directory), and NODE_EXTRA_CA_CERTS,
 * which Node would otherwise drop as soon as a CA is given explicitly.
 */
function readCaFile(caFile: string): string[] {
  const file = path.resolve(caFile);
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new HookError(
      HookErrorCode.CA_FILE,
      `cannot read the CA certificate file ${JSON.stringify(file)} (caCertificateFile ${JSON.stringify(caFile)})${code ? `: ${code}` : ""}`,
      "Give caCertificateFile as an absolute path, or relative to the directory Terraform runs in (cdktf.out/stacks/<stack>), of a readable PEM file.",
    );
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new HookError(
      HookErrorCode.CA_FILE,
      `the CA certificate file ${JSON.stringify(file)} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      "caCertificateFile must name a PEM file with the CA certificate(s) that issued the endpoint's certificate.",
    );
  }
  const extra = process.env[NODE_EXTRA_CA_CERTS];
  let extraPem: string | undefined;
  if (extra) {
    try {
      extraPem = readFileSync(extra, "utf8");
    } catch {
      extraPem = undefined; // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at start-up
    }
  }
  return extraPem === undefined ? [pem] : [extraPem, pem];
}

/** Node/OpenSSL codes of a certificate chain that does not lead to a trusted CA. */
const UNTRUSTED_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_REJECTED",
]);
/** Other verification failures, each with its own remedy. */
const OTHER_CERT_CODES: Readonly<Record<string, string>> = {
  ERR_TLS_CERT_ALTNAME_INVALID:
    "The certificate was issued for another host name: use the endpoint host name the certificate names.",
  CERT_HAS_EXPIRED:
    "The certificate has expired (or this machine's clock is wrong): renew it, or synchronise the clock.",
  CERT_NOT_YET_VALID:
    "The certificate is not valid yet (or this machine's clock is wrong): synchronise the clock.",
  CERT_REVOKED: "The certificate was revoked: the endpoint needs a new certificate.",
};

async function failingFastOnTls<T>(operation: () => Promise<T>, transport: Transport): Promise<T> {
  try {
    return await operation();
  } catch (e) {
    throw (isCloudApiError(e) && tlsError(e, transport)) || e;
  }
}

function tlsError(e: CloudApiError, transport: Transport): HookError | undefined {
  if (e.status !== 0) return undefined;
  const detail = `${e.cloudCode}: ${e.cloudMessage}`;
  if (UNTRUSTED_CODES.has(e.cloudCode)) {
    const given = transport.caFile
      ? ` (nor by caCertificateFile ${JSON.stringify(transport.caFile)})`
      : "";
    return new HookError(
      HookErrorCode.TLS_CERTIFICATE,
      `the endpoint's TLS certificate is not trusted: it is not signed by a CA this machine trusts${given}; ${detail}`,
      "If the endpoint uses a private or self-signed CA, set caCertificateFile on the construct to the CA's PEM file " +
        "(or NODE_EXTRA_CA_CERTS for every Node process). Do not turn certificate checks off.",
    );
  }
  const hint = OTHER_CERT_CODES[e.cloudCode];
  if (hint) {
    return new HookError(
      HookErrorCode.TLS_CERTIFICATE,
      `the endpoint's TLS certificate was rejected; ${detail}`,
      hint,
    );
  }
  return undefined;
}
