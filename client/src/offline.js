// The offline queue holds events raised while no connection is ready, to
// send them in order once the connect frame of the next connection is out.

/** @typedef {{t: string, a?: string, d: Record<string, any>, i: number}} EventFrame */

export class OfflineQueue {
  /** @param {number} max the most events held; the oldest goes first */
  constructor(max = 100) {
    this.max = max;
    /** @type {EventFrame[]} */
    this.items = [];
  }

  /**
   * Adds an event and returns the one dropped to make room, if any.
   * @param {EventFrame} ev
   * @returns {EventFrame | undefined}
   */
  push(ev) {
    this.items.push(ev);
    return this.items.length > this.max ? this.items.shift() : undefined;
  }

  /** Removes and returns every queued event, oldest first. */
  drain() {
    const all = this.items;
    this.items = [];
    return all;
  }

  get size() {
    return this.items.length;
  }
}
