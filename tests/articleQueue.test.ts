import { describe, expect, it } from "vitest";
import { ArticleQueue, type QueuedChunk } from "../src/build/articleQueue.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `story-${String(i + 1).padStart(3, "0")}`);

/** Takes chunks as builders would: `max` for each taker in turn, until the queue is empty. */
function drain(queue: ArticleQueue, maxima: readonly number[]): QueuedChunk[] {
  const taken: QueuedChunk[] = [];
  for (let i = 0; ; i++) {
    const chunk = queue.take(maxima[i % maxima.length]!);
    if (!chunk) return taken;
    taken.push(chunk);
  }
}

describe("the article queue of a parallel build", () => {
  it("hands out every article once, in order, each chunk starting where the last ended", () => {
    const all = ids(250);
    const taken = drain(new ArticleQueue(all, 2), [12, 1]);
    expect(taken.flatMap((c) => c.ids)).toEqual(all);
    let start = 0;
    for (const chunk of taken) {
      expect(chunk.start).toBe(start);
      expect(chunk.ids).toEqual(all.slice(start, start + chunk.ids.length));
      start += chunk.ids.length;
    }
  });

  it("chunks shrink as the queue empties: long at first (at most the maximum), single articles at the end", () => {
    const taken = drain(new ArticleQueue(ids(250), 3), [12]);
    const sizes = taken.map((c) => c.ids.length);
    expect(sizes[0]).toBe(12);
    expect(Math.max(...sizes)).toBe(12);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]!);
    // The last chunks are one article each: no builder waits long for another's last chunk.
    expect(sizes.slice(-4)).toEqual([1, 1, 1, 1]);
    // The remaining articles over twice the builders: 250 / 6 → 12 (capped); 20 left / 6 → 4.
    const queue = new ArticleQueue(ids(20), 3);
    expect(queue.take(12)?.ids.length).toBe(4);
    expect(queue.take(12)?.ids.length).toBe(3);
  });

  it("this thread's one article at a time and a worker's chunks together cover the batch", () => {
    const queue = new ArticleQueue(ids(8), 2);
    expect(queue.take(12)).toEqual({ start: 0, ids: ids(8).slice(0, 2) });
    expect(queue.take(1)).toEqual({ start: 2, ids: ["story-003"] });
    expect(drain(queue, [12, 1]).flatMap((c) => c.ids)).toEqual(ids(8).slice(3));
  });

  it("a closed queue hands out nothing more (a builder failed)", () => {
    const queue = new ArticleQueue(ids(10), 2);
    expect(queue.take(12)).toBeDefined();
    queue.close();
    expect(queue.take(12)).toBeUndefined();
    expect(queue.take(1)).toBeUndefined();
  });

  it("an empty batch has nothing to take", () => {
    expect(new ArticleQueue([], 2).take(12)).toBeUndefined();
  });
});
