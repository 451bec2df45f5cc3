/** A first-in, first-out queue with O(1) amortised push and shift. */
export interface Fifo<T> {
  push(item: T): void
  /** The oldest item, removed; `undefined` when empty. */
  shift(): T | undefined
  readonly size: number
}

/** Creates an empty {@link Fifo}. `Array#shift` is O(n), which a 10 000-deep queue would feel. */
export function createFifo<T>(): Fifo<T> {
  let items: (T | undefined)[] = []
  let head = 0
  return {
    push(item) {
      items.push(item)
    },
    shift() {
      if (head === items.length) return undefined
      const item = items[head]
      items[head] = undefined
      head += 1
      // Compact once the consumed prefix dominates, so memory follows the live size.
      if (head >= 1024 && head * 2 >= items.length) {
        items = items.slice(head)
        head = 0
      }
      return item
    },
    // eslint-disable-next-line no-restricted-syntax -- built once per instance, not per request (ADR 0040)
    get size() {
      return items.length - head
    },
  }
}
