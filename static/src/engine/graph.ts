// The dependency graph: nodes are data-tree paths ("Input1.text"), an edge a → b
// means b reads a. It gives a topological order, the nodes that sit on cycles, and
// the transitive dependents of a change.

export class DependencyGraph {
  private deps = new Map<string, Set<string>>();
  private dependents = new Map<string, Set<string>>();
  private order = new Map<string, number>();
  private cyclic = new Map<string, string[]>();

  addNode(node: string): void {
    if (!this.deps.has(node)) {
      this.deps.set(node, new Set());
      this.dependents.set(node, new Set());
    }
  }

  has(node: string): boolean {
    return this.deps.has(node);
  }

  /** `node` reads `dependency`. */
  addEdge(node: string, dependency: string): void {
    this.addNode(node);
    this.addNode(dependency);
    this.deps.get(node)!.add(dependency);
    this.dependents.get(dependency)!.add(node);
  }

  dependenciesOf(node: string): ReadonlySet<string> {
    return this.deps.get(node) ?? new Set();
  }

  /** The longest path prefix of a reference that is a node ("Input1.text.length" → "Input1.text"). */
  resolve(reference: string): string | undefined {
    let path = reference;
    for (;;) {
      if (this.deps.has(path)) return path;
      const dot = path.lastIndexOf(".");
      if (dot < 0) return undefined;
      path = path.slice(0, dot);
    }
  }

  /**
   * Computes the evaluation order (dependencies first) and the cycles. Strongly
   * connected components by Tarjan's algorithm, iteratively so that long chains do
   * not overflow the stack; components come out in reverse topological order.
   */
  sort(): void {
    this.order.clear();
    this.cyclic.clear();
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    let counter = 0;
    let position = 0;
    for (const start of this.deps.keys()) {
      if (index.has(start)) continue;
      const work: { node: string; it: Iterator<string> }[] = [];
      const open = (n: string) => {
        index.set(n, counter);
        low.set(n, counter);
        counter += 1;
        stack.push(n);
        onStack.add(n);
        work.push({ node: n, it: this.deps.get(n)!.values() });
      };
      open(start);
      while (work.length > 0) {
        const frame = work[work.length - 1];
        const next = frame.it.next();
        if (!next.done) {
          const d = next.value;
          if (!index.has(d)) open(d);
          else if (onStack.has(d)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(d)!));
          continue;
        }
        work.pop();
        if (work.length > 0) {
          const parent = work[work.length - 1].node;
          low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
        }
        if (low.get(frame.node) === index.get(frame.node)) {
          const component: string[] = [];
          let m: string;
          do {
            m = stack.pop()!;
            onStack.delete(m);
            component.push(m);
          } while (m !== frame.node);
          const selfLoop = component.length === 1 && this.deps.get(component[0])!.has(component[0]);
          if (component.length > 1 || selfLoop) {
            const members = component.slice().reverse();
            for (const c of component) this.cyclic.set(c, members);
          }
          for (const c of component.reverse()) this.order.set(c, position++);
        }
      }
    }
  }

  /** The members of the cycle a node is on, if any. */
  cycleOf(node: string): string[] | undefined {
    return this.cyclic.get(node);
  }

  cyclicNodes(): string[] {
    return [...this.cyclic.keys()];
  }

  /** Every node in topological order. */
  allInOrder(): string[] {
    return [...this.deps.keys()].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  /** The changed nodes and everything that transitively reads them, in evaluation order. */
  affectedBy(changed: Iterable<string>): string[] {
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const c of changed) {
      if (this.deps.has(c) && !seen.has(c)) {
        seen.add(c);
        queue.push(c);
      }
    }
    for (let i = 0; i < queue.length; i += 1) {
      for (const d of this.dependents.get(queue[i])!) {
        if (!seen.has(d)) {
          seen.add(d);
          queue.push(d);
        }
      }
    }
    return queue.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}
