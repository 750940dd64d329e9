// Every injected fault × every hook operation × both services, with the bundled hook run as
// Terraform runs it, each cell against its own emulator, 6 cells at a time. A cell passes when
// the hook either reaches exactly the declared state (exit 0: the group present with its
// declared settings, or absent; no duplicate; every other group untouched) or, where giving up
// is the right answer (a 500 that outlasts the deadline), fails with exit 1, the service's code
// and what to do, leaving the state as it was. test/support/fault-matrix-cells.ts holds the
// cells and the verdicts; the matrix is printed and written to test-results/fault-matrix.md.

import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { assertHookBundleBuilt } from "../support/hook-process";
import {
  cellName,
  cells,
  renderMatrix,
  runCells,
  type CellResult,
} from "../support/fault-matrix-cells";

const CONCURRENCY = 6;
const REPORT = path.resolve(__dirname, "../../test-results/fault-matrix.md");

const all = cells();
let results: CellResult[] = [];
let totalMs = 0;

beforeAll(async () => {
  assertHookBundleBuilt();
  const started = Date.now();
  results = await runCells(all, CONCURRENCY);
  totalMs = Date.now() - started;
}, 180_000);

afterAll(() => {
  if (results.length === 0) return;
  const table = renderMatrix(results, totalMs);
  mkdirSync(path.dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, table);
  console.log(table);
});

it.each(all.map((cell, i) => [cellName(cell), i] as const))("%s", (_name, i) => {
  const result = results[i];
  expect(result).toBeDefined();
  expect(result?.problems).toEqual([]);
});
