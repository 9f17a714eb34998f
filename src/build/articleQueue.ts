/** A run of articles taken from the queue: where it starts in the build's order, and its ids. */
export interface QueuedChunk {
  readonly start: number;
  readonly ids: readonly string[];
}

/**
 * The articles a parallel build makes, handed out in their order to whichever builder (this
 * thread or a worker) is free. Chunks shrink as the queue empties (guided self-scheduling: a
 * chunk is at most the remaining articles over twice the builders), so early chunks are long
 * (fewer messages) and the last ones are single articles: the builders finish within about one
 * article of each other instead of one waiting for another's last long chunk.
 */
export class ArticleQueue {
  private next = 0;
  private closed = false;

  constructor(
    private readonly ids: readonly string[],
    private readonly builders: number,
  ) {}

  /** The next chunk of at most `max` articles, or undefined when none is left (or the queue was closed). */
  take(max: number): QueuedChunk | undefined {
    const remaining = this.ids.length - this.next;
    if (this.closed || remaining <= 0) return undefined;
    const size = Math.max(1, Math.min(max, Math.ceil(remaining / (2 * this.builders))));
    const start = this.next;
    this.next += size;
    return { start, ids: this.ids.slice(start, start + size) };
  }

  /** No more chunks for anyone: a builder failed. */
  close(): void {
    this.closed = true;
  }
}
