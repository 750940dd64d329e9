// Every module under lib/ stays within a size budget (style.md the API documentation: split by operation before a
// file passes about 300 lines). The files already past it are listed below with the reason and
// a ceiling close to their size today, so the list can only shrink: growing such a file fails,
// and shrinking it well below its ceiling (or under the budget) asks for the entry to be lowered
// or removed.
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

/** Lines (as `wc -l` counts them) a module under lib/ may have. */
const BUDGET = 300;

/** How far under its ceiling a listed file may shrink before the ceiling must come down. */
const SLACK = 20;

/** Files over the budget today: path under the repository → ceiling and why. */
const ALLOWANCES: Readonly<Record<string, { readonly lines: number; readonly reason: string }>> = {
  "lib/emulator/dms/state.ts": {
    lines: 310,
    reason: "queues, groups and now their message counts (#14); split counts out when it grows",
  },
};

const sizes = libModules().map((file) => ({ file, lines: countLines(file) }));

describe("module size budget", () => {
  it("finds the modules under lib/", () => {
    expect(sizes.length).toBeGreaterThan(50);
    expect(sizes.map((s) => s.file)).toContain("lib/hook/main.ts");
  });

  it(`keeps every module under lib/ within ${BUDGET} lines or its listed ceiling`, () => {
    const over = sizes
      .filter(({ file, lines }) => lines > (ALLOWANCES[file]?.lines ?? BUDGET))
      .map(
        ({ file, lines }) => `${file}: ${lines} lines (limit ${ALLOWANCES[file]?.lines ?? BUDGET})`,
      );
    expect(over).toEqual([]);
  });

  it("lists only files that exist and still need a ceiling, each close to its size", () => {
    const stale = Object.entries(ALLOWANCES).flatMap(([file, { lines: ceiling }]) => {
      const lines = sizes.find((s) => s.file === file)?.lines;
      if (lines === undefined) return [`${file}: no longer exists, remove its allowance`];
      if (lines <= BUDGET)
        return [`${file}: ${lines} lines is within the budget, remove its allowance`];
      if (ceiling - lines > SLACK)
        return [`${file}: ${lines} lines, lower its ceiling from ${ceiling}`];
      return [];
    });
    expect(stale).toEqual([]);
  });

  it("gives each allowance a reason", () => {
    for (const [file, { reason }] of Object.entries(ALLOWANCES)) {
      expect([file, reason.trim().length > 10]).toEqual([file, true]);
    }
  });

  it("prints the five largest modules", () => {
    const largest = [...sizes].sort((a, b) => b.lines - a.lines).slice(0, 5);
    console.log(
      "Five largest modules under lib/:\n" +
        largest.map(({ file, lines }) => `${String(lines).padStart(6)} ${file}`).join("\n"),
    );
    expect(largest).toHaveLength(5);
  });
});

// ---------------------------------------------------------------------------------------------

/** Every .ts file under lib/, as a path relative to the repository with forward slashes. */
function libModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) found.push(rel);
    }
  };
  walk("lib");
  return found.sort();
}

/** Newline characters, as `wc -l` counts lines. */
function countLines(file: string): number {
  return fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").length - 1;
}
