// Runs cloud calls for the server: the call log, persistence after mutations, the skewed service
// clock, and the delayed actions of hang faults. One instance per running emulator.

import type { FaultKind } from "./fault-kinds";
import type {
  EmulatedService,
  EmulatorCall,
  EmulatorRequest,
  ServiceResult,
} from "./emulated-service";

export class CallRunner {
  readonly calls: EmulatorCall[] = [];
  /** Added to the clock while a request with a skew fault runs (handle is synchronous). */
  #skewMs = 0;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly now: () => number,
    private readonly persist: () => void,
  ) {}

  /** The services' clock: the emulator's clock plus the current skew. */
  readonly serviceNow = (): number => this.now() + this.#skewMs;

  /** Runs the request for real: state, persistence and the call record. */
  run(service: EmulatedService, request: EmulatorRequest, fault?: FaultKind): ServiceResult {
    const result = service.handle(request);
    if (fault !== undefined) result.call.fault = fault;
    this.calls.push(result.call);
    if (result.mutated) this.persist();
    return result;
  }

  /** Runs the request with the services' clock shifted by ms; the record keeps the real time. */
  runSkewed(service: EmulatedService, request: EmulatorRequest, ms: number): ServiceResult {
    this.#skewMs = ms;
    let result;
    try {
      result = this.run(service, request, "skew");
    } finally {
      this.#skewMs = 0;
    }
    result.call.at = this.now();
    return result;
  }

  /** Runs action after ms; cancelled by cancelDelayed() so nothing runs after close. */
  later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      try {
        action();
      } catch (e) {
        // e.g. the state file could not be written: never an uncaught exception in a timer.
        process.stderr.write(`emulator: a delayed (hang) request failed: ${String(e)}\n`);
      }
    }, ms);
    this.#timers.add(timer);
  }

  cancelDelayed(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
