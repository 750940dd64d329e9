import type { EmulatorCall } from "../../lib/emulator/emulated-service";
// What the emulator's call log says happened to one consumer group, by group name: the calls
// that deleted it and the create calls that succeeded (a create answered "already exists" made
// nothing). Targets are "project/logstore/group" (SLS) and "projectId/queue/group" (DMS).

const ofGroup = (names: readonly string[]) => (call: EmulatorCall) =>
  names.some((name) => call.target?.endsWith(`/${name}`) === true);

const succeeded = (call: EmulatorCall) => call.status >= 200 && call.status < 300;

/** `ACTION target` of each DeleteConsumerGroup call for one of `names`, whatever its answer. */
export function groupDeletes(calls: readonly EmulatorCall[], ...names: string[]): string[] {
  return calls
    .filter((c) => c.action === "DeleteConsumerGroup")
    .filter(ofGroup(names))
    .map((c) => `${c.action} ${c.target ?? ""}`);
}

/** `ACTION target` of each create call for one of `names` that the emulator answered with 2xx. */
export function groupCreates(calls: readonly EmulatorCall[], ...names: string[]): string[] {
  return calls
    .filter((c) => c.action.startsWith("CreateConsumerGroup"))
    .filter(succeeded)
    .filter(ofGroup(names))
    .map((c) => `${c.action} ${c.target ?? ""}`);
}
