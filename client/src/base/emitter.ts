/** A minimal event emitter (the screens listen to the connection; nothing here may pull Phaser into the first bundle). */
export class Emitter {
  private readonly listeners = new Map<string, Set<(...args: any[]) => void>>();

  on(event: string, fn: (...args: any[]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => this.off(event, fn);
  }

  off(event: string, fn: (...args: any[]) => void) {
    this.listeners.get(event)?.delete(fn);
  }

  emit(event: string, ...args: unknown[]) {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args);
  }
}

/** A value that screens can watch: `set` tells every subscriber. */
export class Store<T> {
  private readonly subscribers = new Set<(value: T) => void>();
  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  set(value: T) {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const fn of [...this.subscribers]) fn(value);
  }

  update(fn: (value: T) => T) {
    this.set(fn(this.value));
  }

  subscribe(fn: (value: T) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }
}
