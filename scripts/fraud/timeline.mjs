// @ts-check
/**
 * A queue of timed events, run in trace order with a sliding window of trace time: an event may
 * start once every event more than `windowMs` of trace time before it has finished, its journey's
 * previous event is done, and fewer than `concurrency` are running. Requests close in time run at
 * once, as requests arriving together would, and no barrier waits for the slowest of a batch.
 * The worker's clock only moves forward, so an event runs at most `windowMs` late in trace time.
 * New events (a user typing the code) slot in by time.
 */
export class Timeline {
  constructor(windowMs, concurrency) {
    /** @type {{ at: number, journey: string, run: () => Promise<void> }[]} */
    this.events = [];
    this.windowMs = windowMs;
    this.concurrency = concurrency;
  }
  add(at, journey, run) {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.events.splice(lo, 0, { at, journey, run });
  }
  run(onProgress) {
    /** Trace times of the events running, and the journeys they belong to. */
    const running = new Map();
    const busy = new Set();
    let done = 0;
    let reported = 0;
    let id = 0;
    return new Promise((resolve, reject) => {
      const pump = () => {
        if (!this.events.length && !running.size) return resolve(undefined);
        const oldest = Math.min(this.events[0]?.at ?? Infinity, ...running.values());
        for (let i = 0; i < this.events.length && running.size < this.concurrency; i++) {
          const event = this.events[i];
          if (event.at >= oldest + this.windowMs) break;
          // A journey's events run in order: a later one waits, and so do the journey's others behind it.
          if (busy.has(event.journey)) continue;
          this.events.splice(i--, 1);
          const key = ++id;
          running.set(key, event.at);
          busy.add(event.journey);
          event.run().then(() => {
            running.delete(key);
            busy.delete(event.journey);
            if (++done - reported >= 500) {
              reported = done;
              onProgress(done, this.events.length);
            }
            pump();
          }, reject);
        }
      };
      pump();
    });
  }
}
