// What every hook run shares, whatever the cloud: one connection pool, one clock, one deadline
// for the whole run, and the call policy (retries, clock-skew correction) bound to a client.

import type { Dispatcher } from "undici";
import { createDispatcher } from "../http/dispatcher";
import { DEFAULT_RETRY_POLICY } from "../http/retry-policy";
import { realClock } from "../http/with-retry";
import type { DmsIdentity, SlsIdentity, Transport } from "../spec/payload";
import { createCall, type Call, type Clock, type SkewCorrectable } from "./call-policy";
import { resolveEndpoint } from "./endpoint";
import type { Reporter } from "./report";
import { targetOf } from "../spec/target";

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
  const dispatcher = createDispatcher({ requestTimeoutMs: transport.requestTimeoutMs });
  const deadlineAt = clock.now() + transport.deadlineMs;
  const session: Session = {
    clock,
    dispatcher,
    reporter,
    deadlineAt,
    callFor: (client) =>
      createCall({ clock, policy: DEFAULT_RETRY_POLICY, deadlineAt, reporter, client }),
  };
  try {
    return await body(session);
  } finally {
    await dispatcher.close();
  }
}

/** The endpoint for the payload's group, saying so when it is not the configured one. */
export function endpointFor(
  payload: { readonly identity: SlsIdentity | DmsIdentity; readonly transport: Transport },
  publicEndpoint: (region: string) => string,
  reporter: Reporter,
): string {
  const endpoint = resolveEndpoint(payload.identity.region, payload.transport, publicEndpoint);
  if (endpoint !== payload.transport.endpoint) {
    reporter.info(
      `${targetOf(payload.identity)}: the group belongs to another region than the configured endpoint; using ${endpoint}`,
    );
  }
  return endpoint;
}
