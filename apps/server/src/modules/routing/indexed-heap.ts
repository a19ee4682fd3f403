/**
 * A binary min-heap of items keyed by a number id, with each item's position kept, so an item whose order
 * changed is moved in O(log n) and one can be removed in O(log n). `ordered()` walks the items best first
 * without disturbing the heap (a small frontier of positions): reading the first k costs O(k log k).
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];
  private readonly positions = new Map<number, number>();

  constructor(
    private readonly idOf: (item: T) => number,
    private compare: (a: T, b: T) => number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(id: number): boolean {
    return this.positions.has(id);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Inserts the item, or moves it to its place after its order changed. */
  upsert(item: T): void {
    const id = this.idOf(item);
    const at = this.positions.get(id);
    if (at === undefined) {
      this.items.push(item);
      this.positions.set(id, this.items.length - 1);
      this.up(this.items.length - 1);
      return;
    }
    this.items[at] = item;
    this.up(at);
    this.down(this.positions.get(id) ?? at);
  }

  remove(id: number): void {
    const at = this.positions.get(id);
    if (at === undefined) return;
    const last = this.items.pop() as T;
    this.positions.delete(id);
    if (at === this.items.length) return;
    this.items[at] = last;
    this.positions.set(this.idOf(last), at);
    this.up(at);
    this.down(this.positions.get(this.idOf(last)) ?? at);
  }

  /** A new order for every item (e.g. the aging step changed): O(n). */
  reorder(compare: (a: T, b: T) => number): void {
    this.compare = compare;
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The items best first, lazily (the heap must not change while the walk is used). */
  *ordered(): Generator<T> {
    if (this.items.length === 0) return;
    const frontier = [0];
    const better = (a: number, b: number) => this.compare(this.items[a] as T, this.items[b] as T) < 0;
    while (frontier.length > 0) {
      const top = frontier[0] as number;
      const last = frontier.pop() as number;
      if (frontier.length > 0) {
        frontier[0] = last;
        siftDown(frontier, 0, better);
      }
      yield this.items[top] as T;
      for (const child of [2 * top + 1, 2 * top + 2]) {
        if (child < this.items.length) {
          frontier.push(child);
          siftUp(frontier, frontier.length - 1, better);
        }
      }
    }
  }

  /** The best item `accept` takes, or undefined: O(k log k) for the k better items it refuses. */
  first(accept: (item: T) => boolean): T | undefined {
    for (const item of this.ordered()) if (accept(item)) return item;
    return undefined;
  }

  private up(i: number): void {
    const { items } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i] as T, items[parent] as T) >= 0) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const { items } = this;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < items.length && this.compare(items[l] as T, items[best] as T) < 0) best = l;
      if (r < items.length && this.compare(items[r] as T, items[best] as T) < 0) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(a: number, b: number): void {
    const { items } = this;
    const x = items[a] as T;
    items[a] = items[b] as T;
    items[b] = x;
    this.positions.set(this.idOf(items[a]), a);
    this.positions.set(this.idOf(x), b);
  }
}

function siftUp(heap: number[], i: number, better: (a: number, b: number) => boolean): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(heap[i] as number, heap[parent] as number)) return;
    [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
    i = parent;
  }
}

function siftDown(heap: number[], i: number, better: (a: number, b: number) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let best = i;
    if (l < heap.length && better(heap[l] as number, heap[best] as number)) best = l;
    if (r < heap.length && better(heap[r] as number, heap[best] as number)) best = r;
    if (best === i) return;
    [heap[i], heap[best]] = [heap[best] as number, heap[i] as number];
    i = best;
  }
}
