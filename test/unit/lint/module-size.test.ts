// Every module under lib/ stays within a size budget: a file is split by operation before it
// passes 300 lines. No file has an allowance.
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

/** Lines (as `wc -l` counts them) a module under lib/ may have. */
const BUDGET = 300;

const sizes = libModules().map((file) => ({ file, lines: countLines(file) }));

describe("module size budget", () => {
  it("finds the modules under lib/", () => {
    expect(sizes.length).toBeGreaterThan(50);
    expect(sizes.map((s) => s.file)).toContain("lib/hook/main.ts");
    expect(sizes.find((s) => s.file === "lib/hook/main.ts")?.lines).toBeGreaterThan(10);
  });

  it(`keeps every module under lib/ within ${BUDGET} lines`, () => {
    const largest = [...sizes].sort((a, b) => b.lines - a.lines).slice(0, 5);
    console.log(
      "Five largest modules under lib/:\n" +
        largest.map(({ file, lines }) => `${String(lines).padStart(6)} ${file}`).join("\n"),
    );
    const over = sizes
      .filter(({ lines }) => lines > BUDGET)
      .map(({ file, lines }) => `${file}: ${lines} lines (limit ${BUDGET})`);
    expect(over).toEqual([]);
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
