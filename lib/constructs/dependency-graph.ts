// The Terraform dependency graph of one stack as synth sees it, to refuse at synth an order
// Terraform could not follow (its own "Cycle:" error names only addresses, at plan time) and
// to tell which dependencies the manifest can wait for (group-dependencies.ts).
//
// Edges, from a resource to what it waits for: its `depends_on`, and every address its
// arguments reference (`${terraform_data.x.output}`); data sources and modules too.

import type { IConstruct } from "constructs";
import {
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformResource,
  Tokenization,
} from "./framework";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Resolves tokens the way cdktf does when it writes the stack. */
export function resolveIn<T>(scope: IConstruct, value: T): T {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER }) as T;
}

/** A Terraform resource, data source or module: what `depends_on` may name. */
export function isDependableElement(c: IConstruct): boolean {
  if (TerraformResource.isTerraformResource(c) || TerraformDataSource.isTerraformDataSource(c)) {
    return true;
  }
  // TerraformModule has no brand check; its `source` tells it from outputs, variables, locals.
  return (
    TerraformElement.isTerraformElement(c) && typeof (c as { source?: unknown }).source === "string"
  );
}

export class DependencyGraph {
  /** Address -> the addresses it waits for. */
  readonly edges = new Map<string, Set<string>>();
  /** Address -> construct path, for messages. */
  readonly paths = new Map<string, string>();

  addNode(address: string, path: string): void {
    if (!this.edges.has(address)) this.edges.set(address, new Set());
    this.paths.set(address, path);
  }

  addEdges(from: string, to: Iterable<string>): void {
    const set = this.edges.get(from) ?? new Set<string>();
    this.edges.set(from, set);
    for (const t of to) if (t !== from) set.add(t);
  }

  /**
   * Adds one element of the stack from its synthesized block: its address, its `depends_on` and
   * every address its arguments reference. References are matched once all nodes are added.
   */
  addElement(element: IConstruct, stack: IConstruct): void {
    const fragment = resolveIn(
      stack,
      (element as unknown as { toTerraform(): unknown }).toTerraform(),
    );
    for (const [address, block] of blocksOf(fragment)) {
      this.addNode(address, element.node.path);
      const { depends_on: dependsOn, ...rest } = block;
      delete rest["//"];
      this.addEdges(address, Array.isArray(dependsOn) ? dependsOn.map(String) : []);
      this.pending.push([address, expressionsOf(rest)]);
    }
  }

  /** Notes the references in `text` (`${…}` expressions) of node `from`, for linkReferences. */
  addReferences(from: string, text: string): void {
    this.pending.push([from, expressionsOf(text)]);
  }

  /** Adds the edges of references among the nodes added; call once, after every addNode. */
  linkReferences(): void {
    for (const [from, expressions] of this.pending) {
      for (const expression of expressions) {
        for (const candidate of expression.match(ADDRESS) ?? []) {
          const address = this.edges.has(candidate)
            ? candidate
            : candidate
                .split(".")
                .slice(0, candidate.startsWith("data.") ? 3 : 2)
                .join(".");
          if (this.edges.has(address)) this.addEdges(from, [address]);
        }
      }
    }
    this.pending.length = 0;
  }

  /** Every address from which one of `targets` can be reached (the targets included). */
  reaching(targets: Iterable<string>): Set<string> {
    const reverse = new Map<string, string[]>();
    for (const [from, tos] of this.edges) {
      for (const to of tos) reverse.set(to, [...(reverse.get(to) ?? []), from]);
    }
    const seen = new Set<string>(targets);
    const queue = [...seen];
    while (queue.length) {
      for (const from of reverse.get(queue.pop()!) ?? []) {
        if (!seen.has(from)) {
          seen.add(from);
          queue.push(from);
        }
      }
    }
    return seen;
  }

  /** One cycle, as addresses `[a, b, …, a]` where each waits for the next; or undefined. */
  findCycle(): string[] | undefined {
    const state = new Map<string, "open" | "done">();
    const trail: string[] = [];
    const visit = (address: string): string[] | undefined => {
      state.set(address, "open");
      trail.push(address);
      for (const next of [...(this.edges.get(address) ?? [])].sort()) {
        if (state.get(next) === "open") return [...trail.slice(trail.indexOf(next)), next];
        if (state.get(next) === undefined && this.edges.has(next)) {
          const cycle = visit(next);
          if (cycle) return cycle;
        }
      }
      trail.pop();
      state.set(address, "done");
      return undefined;
    };
    for (const address of [...this.edges.keys()].sort()) {
      if (state.get(address) === undefined) {
        const cycle = visit(address);
        if (cycle) return cycle;
      }
    }
    return undefined;
  }

  private readonly pending: [string, string[]][] = [];
}

/** `type.name`, `data.type.name` or `module.name`, as references spell them. */
const ADDRESS = /\b(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?/g;

type Block = Record<string, unknown>;

function blocksOf(fragment: unknown): [string, Block][] {
  const out: [string, Block][] = [];
  const f = (fragment ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const [type, byName] of Object.entries(f.resource ?? {})) {
    for (const [name, block] of Object.entries(byName as Record<string, Block>)) {
      out.push([`${type}.${name}`, block]);
    }
  }
  for (const [type, byName] of Object.entries(f.data ?? {})) {
    for (const [name, block] of Object.entries(byName as Record<string, Block>)) {
      out.push([`data.${type}.${name}`, block]);
    }
  }
  for (const [name, block] of Object.entries(f.module ?? {})) {
    out.push([`module.${name}`, block as Block]);
  }
  return out;
}

/** The insides of every `${…}` in the strings of a value. */
function expressionsOf(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const m of v.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) out.push(m[1] ?? "");
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (typeof v === "object" && v !== null) {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return out;
}
