// What the cloud-neutral core (server, admin routes, CLI, fault rules) needs from one emulated
// cloud. Each cloud implements it in its own emulator folder; emulated-clouds.ts lists them.

import type { EmulatedService, EmulatorAnswer } from "./emulated-service";

export interface EmulatedCloud<Options, Accessor> {
  /** Its service's name: in the call log, fault rules, GET /_emulator/state and the state file. */
  readonly serviceName: string;
  /** How messages name it, e.g. "this emulator runs no <title> service". */
  readonly title: string;
  /** Starts the cloud for one running emulator; `options` is its EmulatorOptions entry. */
  start(options: Options | undefined, context: CloudStartContext): StartedCloud<Accessor>;
  /** How the emulator's --config file and its error messages describe this cloud's entry. */
  readonly config: {
    /** "resources": a cloud with groups (the file needs one of them); "credentials": keys only. */
    readonly role: "resources" | "credentials";
    /** Whether an entry read from the file has the shape `start` expects. */
    looksRight(value: unknown): boolean;
    /** The entry's shape, as the error message for a malformed file shows it. */
    readonly shape: string;
    /** What `emulator` without --config runs. @default - not started from the demo config */
    readonly demo?: Options;
  };
  /** Routes under /_emulator/<service name>/, on one group (or container) each. */
  readonly admin?: {
    /** For the list of admin routes in help and errors, e.g. "DELETE /_emulator/x/groups/{a}/{b}/{c}". */
    readonly help: string;
  };
  /** Fault rules may name this cloud's service: its throttling variants, default first. */
  readonly faults?: { readonly throttleVariants: readonly string[] };
  /** The groups of `emulator list`, read from this cloud's key of GET /_emulator/state. */
  groupRows?(snapshot: unknown): EmulatorGroupRow[];
}

export interface CloudStartContext {
  /** The services' clock: the emulator's clock plus an injected skew. */
  readonly now: () => number;
  /** Rewrites the state file (when there is one); state accessors call it after each change. */
  readonly persist: () => void;
  /** The one object of `slot` in this running emulator, created by whichever cloud asks first. */
  share<T>(slot: SharedSlot<T>): T;
}

/**
 * Something the clouds of one vendor share inside one running emulator, e.g. the list of keys
 * the resource cloud accepts and its token service appends to. Identified by the object itself.
 */
export interface SharedSlot<T> {
  create(): T;
}

export interface StartedCloud<Accessor> {
  readonly service: EmulatedService;
  /**
   * Whether the service answers requests, is reset, and has a key in the state. A cloud may be
   * started unmounted so its accessor exists (its calls then throw the cloud's own 404s).
   */
  readonly mounted: boolean;
  /** What RunningEmulator shows under the cloud's option key (tests arrange state with it). */
  readonly accessor: Accessor;
  /** The admin routes of EmulatedCloud.admin; `ids` are the three path segments, decoded. */
  readonly adminRoutes?: readonly AdminRoute[];
}

export interface AdminRoute {
  readonly method: string;
  /** The path segment after the service name, e.g. "groups". */
  readonly kind: string;
  /** Throws a CloudError for an unknown resource, any other Error for a malformed body. */
  run(ids: readonly [string, string, string], body: Buffer): EmulatorAnswer;
}

/** An error a cloud answers with its own status and code (admin routes answer them as is). */
export interface CloudError extends Error {
  readonly status: number;
  readonly code: string;
}

export function isCloudError(e: unknown): e is CloudError {
  const { status, code } = (e ?? {}) as { status?: unknown; code?: unknown };
  return e instanceof Error && typeof status === "number" && typeof code === "string";
}

/** An admin route's JSON body; throws an Error naming the problem (answered 400). */
export function parseAdminBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw new Error(`the body is not JSON: ${String(e)}`);
  }
}

/** One group of the emulator's state, as a row of `emulator list`. */
export interface EmulatorGroupRow {
  /** The service name, as the call log and the state show it. */
  readonly service: string;
  readonly where: string;
  readonly group: string;
  readonly detail: string;
}
