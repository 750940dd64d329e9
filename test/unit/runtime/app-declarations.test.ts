// The hooks' app-wide checks of DMS groups (lib/runtime/app-declarations.ts): one group declared
// with its queue by id and by name, and a queue's groups counted across both spellings.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  APP_DECLARATIONS_FILE,
  encodeAppDeclarations,
} from "../../../lib/contract/app-declarations";
import { readAppDeclarations } from "../../../lib/runtime/app-declarations-file";
import { HookErrorCode, isHookError } from "../../../lib/runtime/errors";
import {
  mixesQueueSpellings,
  type DeclaredDmsGroup,
  checkDeclaredOnce,
} from "../../../lib/clouds/huawei/dms/dms-app-declarations";
import { dmsIdentity } from "../../../lib/clouds/huawei/dms/dms-contract";

const PROJECT = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const QUEUE = { id: "0611d466-a327-4b7b-8034-f84a0f6a6f42", name: "billing" };
const byId = (name: string, p = `one/${name}`): DeclaredDmsGroup => ({
  projectId: PROJECT,
  queueId: QUEUE.id,
  queueName: "",
  name,
  path: p,
});
const byName = (name: string, p = `two/${name}`): DeclaredDmsGroup => ({
  ...byId(name, p),
  queueId: "",
  queueName: QUEUE.name,
});
const identity = (name: string) =>
  dmsIdentity({ projectId: PROJECT, queue: { id: QUEUE.id }, name });

function refusal(f: () => void): { code: string; message: string } | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!isHookError(e)) throw e;
    return { code: e.code, message: `${e.message}. ${e.hint ?? ""}` };
  }
}

it("refuses one group declared by queue id and by queue name, naming both, on create and delete", () => {
  const declarations = { dms: [byId("workers"), byName("workers")] };
  for (const action of ["create", "delete"] as const) {
    expect(
      refusal(() => checkDeclaredOnce(identity("workers"), QUEUE, declarations, action)),
    ).toEqual({
      code: HookErrorCode.DECLARED_TWICE,
      message:
        `consumer group dms ${PROJECT}/${QUEUE.id}/workers is declared 2 times: ` +
        `one/workers (queue by id ${QUEUE.id}), two/workers (queue by name "billing"). ` +
        `Each group must be declared once, or the destroy of one deletes the other's group. ` +
        `Queue ${QUEUE.id} is named "billing": remove all but one of these declarations and ` +
        `deploy again. Nothing was ${action === "create" ? "created" : "deleted"}.`,
    });
  }
});

it("counts a queue's groups across both spellings on create, not on delete", () => {
  const declarations = { dms: [byId("a"), byId("b"), byName("c"), byName("d")] };
  expect(refusal(() => checkDeclaredOnce(identity("a"), QUEUE, declarations, "create"))?.code).toBe(
    HookErrorCode.QUEUE_OVER_QUOTA,
  );
  expect(
    refusal(() => checkDeclaredOnce(identity("a"), QUEUE, declarations, "delete")),
  ).toBeUndefined();
  // Three fit; another queue's groups do not count.
  const three = {
    dms: [byId("a"), byName("b"), byName("c"), { ...byName("d"), queueName: "shipping" }],
  };
  expect(refusal(() => checkDeclaredOnce(identity("a"), QUEUE, three, "create"))).toBeUndefined();
});

it("looks for aliases only in a project whose queues are named both ways", () => {
  expect(mixesQueueSpellings({ dms: [byId("a"), byId("b")] }, PROJECT)).toBe(false);
  expect(mixesQueueSpellings({ dms: [byId("a"), byName("b")] }, PROJECT)).toBe(true);
  expect(mixesQueueSpellings({ dms: [byId("a"), byName("b")] }, "another")).toBe(false);
});

it("reads the file synth wrote, and nothing when there is none", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cgac-app-"));
  try {
    expect(readAppDeclarations(dir)).toBeUndefined();
    const declarations = { dms: [byId("a"), byName("b")] };
    writeFileSync(path.join(dir, APP_DECLARATIONS_FILE), encodeAppDeclarations(declarations));
    expect(readAppDeclarations(dir)).toEqual(declarations);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
