// Two loopback TCP proxies in front of one emulator, one per stack, with a barrier: once armed,
// each proxy holds the connections it accepts until BOTH proxies have accepted one, then lets
// everything through. So two Terraform runs started "at the same time" really have hooks in
// flight at the same moment, however late one Terraform process starts on a busy machine.
// Bytes pass unchanged (Host header, signatures), so the emulator cannot tell the difference.

import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

export type BarrierOutcome = "both" | "timeout" | "armed" | "idle";

export interface BarrierProxies {
  /** "http://127.0.0.1:PORT" of the proxy for stack 0 and for stack 1. */
  readonly urls: readonly [string, string];
  /**
   * Holds new connections until each proxy has one, or until `holdMs` passed (less than the
   * hook's 10 s request timeout, so a barrier that never opens shows as "timeout", not retries).
   */
  arm(holdMs?: number): void;
  /** "both" when the last barrier opened because both sides connected. */
  outcome(): BarrierOutcome;
  close(): Promise<void>;
}

export async function startBarrierProxies(targetPort: number): Promise<BarrierProxies> {
  const sockets = new Set<Socket>();
  let held: Socket[] = [];
  const seen = [false, false];
  let state: BarrierOutcome = "idle";
  let timer: NodeJS.Timeout | undefined;

  const pipe = (client: Socket) => {
    if (client.destroyed) return;
    const upstream = connect(targetPort, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const open = (outcome: BarrierOutcome) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    state = outcome;
    const waiting = held;
    held = [];
    waiting.forEach(pipe);
  };

  const listen = (side: 0 | 1): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer((client) => {
        sockets.add(client);
        client.on("close", () => sockets.delete(client));
        client.on("error", () => undefined);
        if (state !== "armed") {
          pipe(client);
          return;
        }
        seen[side] = true;
        held.push(client); // unread data stays buffered in the paused socket
        if (seen[0] && seen[1]) open("both");
      });
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    });

  const servers = [await listen(0), await listen(1)] as const;
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  return {
    urls: [url(servers[0]), url(servers[1])],
    arm: (holdMs = 8_000) => {
      if (timer) clearTimeout(timer);
      seen[0] = seen[1] = false;
      state = "armed";
      timer = setTimeout(() => open("timeout"), holdMs);
    },
    outcome: () => state,
    close: async () => {
      if (timer) clearTimeout(timer);
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
