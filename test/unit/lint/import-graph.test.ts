// The import graph of the real lib/ tree has no cycles: none between files (type-only imports
// count, since they still tie two files' meaning together) and none between the top-level
// folders of lib/, so the folders form layers. Every import, export-from, import() and
// require() specifier of every lib/**/*.ts file is read with TypeScript's own pre-processor.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../../..");
const LIB = path.join(ROOT, "lib");

const files = libFiles();
const fileGraph = new Map(files.map((file) => [file, importsOf(file)]));
const folderGraph = foldersOf(fileGraph);

describe("lib/ import graph", () => {
  it("reads the real tree", () => {
    expect(files.length).toBeGreaterThan(100);
    // A service imports the runtime: the reader resolves relative specifiers across folders.
    expect(folderGraph.get("services")?.size ?? 0).toBeGreaterThan(1);
  });

  it("prints the folder import graph", () => {
    const lines = [...folderGraph.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([from, to]) => `${from.padEnd(10)} -> ${[...to].sort().join(", ") || "(nothing)"}`);
    console.log("Top-level folders of lib/ and the folders they import:\n" + lines.join("\n"));
    expect(lines.length).toBe(folderGraph.size);
  });

  it("has no cycle between the top-level folders of lib/", () => {
    expect(cyclesOf(folderGraph)).toEqual([]);
  });

  it("has no cycle between files, type-only imports included", () => {
    expect(cyclesOf(fileGraph)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const planted = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
      ["d", new Set(["a"])],
    ]);
    expect(cyclesOf(planted)).toEqual([["a", "b", "c", "a"]]);
  });
});

// ---------------------------------------------------------------------------------------------

/** Every .ts file under lib/, relative to lib/ with forward slashes. */
function libFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(LIB, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) found.push(rel);
    }
  };
  walk("");
  return found.sort();
}

/** The lib/ files `file` imports (relative specifiers only: packages and node: are outside). */
function importsOf(file: string): Set<string> {
  const text = fs.readFileSync(path.join(LIB, file), "utf8");
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const targets = new Set<string>();
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith(".")) continue;
    const target = resolve(path.posix.join(path.posix.dirname(file), fileName));
    if (target === undefined) throw new Error(`${file}: cannot resolve ${fileName}`);
    if (target !== file) targets.add(target);
  }
  return targets;
}

function resolve(base: string): string | undefined {
  const normal = path.posix.normalize(base);
  const candidates = [normal, `${normal}.ts`, `${normal}.d.ts`, `${normal}/index.ts`];
  return candidates.find((c) => c.endsWith(".ts") && fs.existsSync(path.join(LIB, c)));
}

/**
 * The top-level folder of a file under lib/ ("(root)" for lib/index.ts and lib/cli.ts). A cloud's
 * emulator folder (clouds/<vendor>/<cloud>/emulator/) belongs to the emulator's layer: the core
 * lists the clouds it emulates and each cloud's emulator builds on the core.
 */
function folderOf(file: string): string {
  if (/^clouds\/(.+\/)?emulator\//.test(file)) return "emulator";
  return file.includes("/") ? file.slice(0, file.indexOf("/")) : "(root)";
}

function foldersOf(graph: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const edges = folders.get(folderOf(from)) ?? new Set<string>();
    folders.set(folderOf(from), edges);
    for (const to of targets) if (folderOf(to) !== folderOf(from)) edges.add(folderOf(to));
  }
  return folders;
}

/**
 * One cycle per strongly connected component with more than one node (Tarjan), each written
 * from its smallest node back to itself, so a failure names the nodes to untangle.
 */
function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleThrough(graph, new Set(component)));
}

/** A path from the component's smallest node back to itself, staying inside the component. */
function cycleThrough(graph: ReadonlyMap<string, ReadonlySet<string>>, nodes: Set<string>) {
  const start = [...nodes].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of [...(graph.get(node) ?? [])].sort()) {
      if (!nodes.has(to)) continue;
      if (to === start) {
        const cycle = [start];
        for (let at: string | undefined = node; at !== start; at = previous.get(at!))
          cycle.splice(1, 0, at!);
        return [...cycle, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...nodes, start];
}
