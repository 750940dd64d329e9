// Orders consumer groups among the other resources of their stack, the same under either
// executor. cdktf writes a resource's `dependsOn` as `depends_on` but ignores
// `node.addDependency`, and a group is several resources plus the stack's reconciler, so this
// aspect, run once per stack at synth, writes both kinds of dependency itself:
//
// | declared                                  | becomes `depends_on` on                          |
// |-------------------------------------------|--------------------------------------------------|
// | `dependsOn: [x]`, `group.node.addDependency(x)` (or on a parent) | the group's Group and Settings, the reconciler (default executor), and the manifest unless x waits for a group |
// | `dependsOn: [group]` on a resource        | nothing to add: cdktf reads `group.fqn`, the reconciler (default) or the group's Settings (per-group) |
// | `y.node.addDependency(group)` (or a parent of the group) | y (a resource, data source or module), on that same address |
//
// Terraform destroys in the reverse order, so a group is deleted by its own destroy hook, with
// deletion protection consulted, before what it depends on is destroyed. A group removed from
// the code together with its container is deleted by the manifest's prune: the manifest, which
// waits for the groups' dependencies, is replaced before the container is destroyed.
// Under the default executor one reconciler creates every group of the stack, so it waits for
// the dependencies of all of them, and whatever waits for one group waits for it: "x after
// group 1, group 2 after x" is a cycle, refused here at synth with the construct paths.

import { Construct, type IConstruct } from "constructs";
import {
  Aspects,
  Lazy,
  TerraformStack,
  type ITerraformDependable,
  type TerraformResource,
} from "./framework";
import { DependencyGraph, isDependableElement, resolveIn } from "./dependency-graph";
import { cycleMessage } from "./dependency-cycle";
import { ValidationError } from "./validation";

/** One consumer group as the ordering sees it. */
export interface ComposedGroup {
  /** The construct the app declared (an SlsConsumerGroup or a DmsQueueConsumerGroup). */
  readonly construct: IConstruct;
  /** Its resources: the Group, and under the per-group executor the Settings. */
  readonly resources: readonly TerraformResource[];
  /** The address whose completion means the group exists (its `fqn`). */
  readonly address: string;
  /** The `dependsOn` prop. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The references its identity holds (tokens): Terraform's own dependencies, for the graph. */
  readonly references?: readonly string[];
}

const compositions = new WeakMap<IConstruct, StackComposition>();

export class StackComposition {
  /** The ordering of the stack of `scope`, registered as an aspect of it on first use. */
  static of(scope: IConstruct): StackComposition {
    const stack = TerraformStack.of(scope);
    let composition = compositions.get(stack);
    if (!composition) {
      composition = new StackComposition(stack);
      compositions.set(stack, composition);
      Aspects.of(stack).add(composition);
    }
    return composition;
  }

  private readonly groups = new Map<IConstruct, ComposedGroup>();
  /** The library's resources of the stack: never given dependencies as an app's resource. */
  private readonly ours = new Set<IConstruct>();
  private manifest?: TerraformResource;
  private reconciler?: TerraformResource;
  /** Addresses each of the library's resources waits for besides its own `depends_on`. */
  private readonly extra = new Map<TerraformResource, readonly string[]>();
  private readonly wrapped = new WeakSet<TerraformResource>();
  /** Construct path -> the groups it was seen to wait for, to name them in a cycle. */
  private readonly waitsFor = new Map<string, Set<ComposedGroup>>();
  /** What each group waits for (set by compose). */
  private readonly dependencies = new Map<ComposedGroup, readonly string[]>();
  /** The element whose block is being resolved: a group's `fqn` read now is its dependency. */
  private resolving: string | undefined;

  private constructor(private readonly stack: TerraformStack) {}

  addGroup(
    group: ComposedGroup,
    manifest: TerraformResource,
    reconciler: TerraformResource | undefined,
  ): void {
    this.groups.set(group.construct, group);
    for (const r of [...group.resources, manifest, ...(reconciler ? [reconciler] : [])]) {
      this.ours.add(r);
    }
    this.manifest = manifest;
    this.reconciler = reconciler;
  }

  /** Notes that the element being resolved waits for `group` (its `fqn` was read). */
  noteRead(group: IConstruct): void {
    const composed = this.groups.get(group);
    if (this.resolving !== undefined && composed) this.noteWait(this.resolving, [composed]);
  }

  visit(node: IConstruct): void {
    if (node === this.stack) this.compose();
  }

  private compose(): void {
    // What waits for a group through node.addDependency: cdktf would drop it.
    for (const c of this.stack.node.findAll()) {
      if (this.ours.has(c) || !isDependableElement(c)) continue;
      const groups = this.scopesOf(c).flatMap((s) =>
        s.node.dependencies.flatMap((root) => this.groupsIn(root, c)),
      );
      if (groups.length) {
        this.noteWait(c.node.path, groups);
        const element = c as unknown as { dependsOn?: string[] };
        element.dependsOn = unique([...(element.dependsOn ?? []), ...groups.map((g) => g.address)]);
      }
    }
    const all: string[] = [];
    for (const group of this.groups.values()) {
      const addresses = this.dependenciesOf(group);
      this.dependencies.set(group, addresses);
      for (const r of group.resources) this.setExtra(r, addresses);
      all.push(...addresses);
    }
    const dependencies = unique(all);
    if (this.reconciler) this.setExtra(this.reconciler, dependencies);
    const referencing = [...this.groups.values()].some((g) => g.references?.length);
    if (!this.manifest || (dependencies.length === 0 && !referencing)) return;

    this.setExtra(this.manifest, []);
    const graph = this.graph();
    const ourAddresses = [...this.ours].map((r) => addressOf(r as TerraformResource));
    // The manifest cannot wait for what waits for a group: every group waits for the manifest.
    const reaching = graph.reaching(ourAddresses);
    this.setExtra(
      this.manifest,
      dependencies.filter((a) => !reaching.has(a)),
    );
    const cycle = graph.findCycle();
    if (cycle && cycle.some((a) => ourAddresses.includes(a))) {
      throw new ValidationError(
        this.stack,
        cycleMessage({
          cycle,
          graph,
          groups: [...this.groups.values()],
          reconciler: this.reconciler,
          waitsFor: this.waitsFor,
          dependencies: this.dependencies,
        }),
      );
    }
  }

  /** The addresses a group's resources wait for: its `dependsOn`, its (and its parents') node dependencies. */
  private dependenciesOf(group: ComposedGroup): string[] {
    const out: string[] = [];
    group.dependsOn.forEach((d) => out.push(...this.addressesOf(d, group.construct, "dependsOn")));
    for (const scope of this.scopesOf(group.construct)) {
      for (const root of scope.node.dependencies) {
        out.push(...this.addressesOf(root, group.construct, "node.addDependency"));
      }
    }
    return unique(out);
  }

  /** The addresses of a dependency: a group's, an element's, or those of everything inside it. */
  private addressesOf(target: unknown, from: IConstruct, how: string): string[] {
    if (!Construct.isConstruct(target)) {
      return [resolveIn(this.stack, asDependsOnEntry(target as ITerraformDependable)) as string];
    }
    this.checkSameStack(target, from, how);
    const out: string[] = [];
    const walk = (c: IConstruct): void => {
      const group = this.groups.get(c);
      if (group) {
        if (c !== from) {
          out.push(group.address);
          this.noteWait(from.node.path, [group]);
        }
        return;
      }
      if (!this.ours.has(c) && isDependableElement(c)) {
        out.push(
          resolveIn(this.stack, asDependsOnEntry(c as unknown as ITerraformDependable)) as string,
        );
      }
      c.node.children.forEach(walk);
    };
    walk(target);
    return out;
  }

  /** The groups a dependency on `root` waits for: root itself, or the groups inside it. */
  private groupsIn(root: IConstruct, from: IConstruct): ComposedGroup[] {
    const own = this.groups.get(root);
    const found = own
      ? [own]
      : root.node
          .findAll()
          .map((c) => this.groups.get(c))
          .filter((g): g is ComposedGroup => g !== undefined);
    if (found.length) this.checkSameStack(root, from, "node.addDependency");
    return found;
  }

  private checkSameStack(target: IConstruct, from: IConstruct, how: string): void {
    const stackOfTarget = target.node.scopes.find((s) => TerraformStack.isStack(s));
    if (stackOfTarget === undefined || stackOfTarget === this.stack) return;
    throw new ValidationError(
      from,
      `${how} names ${target.node.path}, which is in stack ${stackOfTarget.node.path}, not in ` +
        `${this.stack.node.path}: Terraform orders resources within one stack only. Deploy that ` +
        `stack first with ${this.stack.node.id}.addDependency(${stackOfTarget.node.id}) instead`,
    );
  }

  /** The construct and its parents below the stack: a parent's dependencies are its children's. */
  private scopesOf(c: IConstruct): IConstruct[] {
    const scopes = c.node.scopes;
    return scopes.slice(scopes.indexOf(this.stack) + 1);
  }

  private setExtra(resource: TerraformResource, addresses: readonly string[]): void {
    if (addresses.length === 0 && !this.wrapped.has(resource)) return;
    this.extra.set(resource, addresses);
    if (this.wrapped.has(resource)) return;
    this.wrapped.add(resource);
    const previous = overridesOf(resource)["depends_on"];
    resource.addOverride(
      "depends_on",
      Lazy.anyValue({
        produce: (context) =>
          unique([
            ...(previous === undefined ? [] : (context.resolve(previous) as string[])),
            ...(this.extra.get(resource) ?? []),
          ]),
      }),
    );
  }

  /** The stack's Terraform graph: the app's elements from their blocks, ours from `depends_on`. */
  private graph(): DependencyGraph {
    const graph = new DependencyGraph();
    for (const c of this.stack.node.findAll()) {
      if (this.ours.has(c)) {
        const r = c as TerraformResource;
        graph.addNode(addressOf(r), r.node.path);
        const dependsOn = resolveIn(this.stack, overridesOf(r)["depends_on"]);
        graph.addEdges(addressOf(r), Array.isArray(dependsOn) ? dependsOn.map(String) : []);
      } else if (isDependableElement(c)) {
        this.resolving = c.node.path;
        try {
          graph.addElement(c, this.stack);
        } finally {
          this.resolving = undefined;
        }
      }
    }
    // The library's resources that carry a group's references (its Group and Settings, the
    // reconciler's payload, the manifest's `refs`) wait for what they reference.
    for (const group of this.groups.values()) {
      const text = resolveIn(this.stack, (group.references ?? []).join(" "));
      if (!text) continue;
      for (const r of [...group.resources, this.reconciler, this.manifest]) {
        if (r) graph.addReferences(addressOf(r), text);
      }
    }
    graph.linkReferences();
    return graph;
  }

  private noteWait(path: string, groups: readonly ComposedGroup[]): void {
    const set = this.waitsFor.get(path) ?? new Set<ComposedGroup>();
    groups.forEach((g) => set.add(g));
    this.waitsFor.set(path, set);
  }
}

/** What cdktf writes into `depends_on` for a dependable: its address, without `${}`. */
function asDependsOnEntry(d: ITerraformDependable): unknown {
  return {
    creationStack: [],
    resolve: (context: { suppressBraces?: boolean }) => {
      context.suppressBraces = true;
      return d.fqn;
    },
  };
}

function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** The resource's raw overrides (reading them avoids a toTerraform() per resource). */
function overridesOf(resource: TerraformResource): Record<string, unknown> {
  return (resource as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides ?? {};
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
