/**
 * Errors that are not the user's content: a broken installation, an unreadable folder, a bug.
 * Content problems are Diagnostics, never these. The CLI maps these to exit code 2.
 */
export class TilpressError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line or options were wrong (unknown flag, bad --locale value). */
export class UsageError extends TilpressError {}

/**
 * `merge` was given folders that are not one complete set of shards of one build (missing,
 * repeated or foreign shards, files that disagree). The CLI exits 1: the inputs are wrong, not
 * the command line.
 */
export class ShardSetError extends TilpressError {}

/** Sending failed (the server unreachable, the login or a message refused): the CLI exits 1. */
export class DeliveryError extends TilpressError {}

/** Writing outputs failed; nothing half-written was left behind. */
export class EmitError extends TilpressError {}
