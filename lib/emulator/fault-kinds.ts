// The faults a rule can inject (faults.ts holds the rules). Throttling and error faults are
// answered by the service in its own shape (EmulatedService.faultAnswer); the others need
// sockets, timers or the clock (fault-injection.ts).

export type Fault =
  | {
      kind: "throttle";
      /**
       * SLS: "quota" (default, 403 Write/ReadQuotaExceed) or "server-busy" (503 ServerBusy).
       * DMS: "gateway" (default, 429 APIGW.0308) or "dms-404" (404 DMS.10240407).
       * A variant of the other service is ignored: that service's default answers.
       */
      variant?: string;
    }
  | {
      kind: "error";
      status: number;
      code: string;
      /** @default - "injected fault: <code>" */
      message?: string;
    }
  | { kind: "reset" }
  | {
      kind: "hang";
      ms: number;
      /**
       * "close" (default): nothing is answered, the request is not run, and the socket is
       * closed after ms. "answer": the request runs after ms and is answered if the client is
       * still there (a slow answer; with a shorter client timeout, a commit the client missed).
       */
      then?: "close" | "answer";
    }
  | { kind: "commit-then-drop" }
  | {
      kind: "skew";
      /** Added to the service's clock for this request (skew checks, Date header). */
      ms: number;
    };

export type FaultKind = Fault["kind"];
/** Faults answered by the service itself, in its own error shape. */
export type AnswerFault = Extract<Fault, { kind: "throttle" | "error" }>;
