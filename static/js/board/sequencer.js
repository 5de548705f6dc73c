// The order of a group's events. The server numbers every change to a group; events are
// applied in that order, whatever order they arrive in. One that arrives early waits for
// those in front of it, and if they have not come a moment later the board asks for them.

export const GAP_WAIT_MS = 1500;

export class Sequencer {
  // `apply` is called with each event in order; `requestSync` with the last number applied,
  // when a gap has not closed by itself; `wait` is setTimeout's shape.
  constructor({ seq, apply, requestSync, wait = (callback, ms) => setTimeout(callback, ms) }) {
    this.seq = seq;
    this.apply = apply;
    this.requestSync = requestSync;
    this.wait = wait;
    this.buffered = new Map(); // seq -> event that arrived before the ones in front of it
    this.waiting = false;
  }

  // One event as it arrives; a number already applied is a repeat and changes nothing.
  receive(event) {
    if (event.seq <= this.seq) return;
    if (event.seq === this.seq + 1) {
      this.applyOne(event);
      this.drain();
      return;
    }
    this.buffered.set(event.seq, event);
    // Later events can overtake earlier ones between processes; wait a moment, then ask.
    if (!this.waiting) {
      this.waiting = true;
      this.wait(() => {
        this.waiting = false;
        if (this.buffered.size) this.requestSync(this.seq);
      }, GAP_WAIT_MS);
    }
  }

  // A whole state stands for everything up to its number; the caller applies the state and
  // then drains what arrived after it.
  reset(seq) {
    this.seq = seq;
  }

  // What the server sent in answer to a sync, each event newer than the last applied. The
  // caller drains afterwards, once it has applied the rest of the answer.
  catchUp(events) {
    for (const event of events) {
      if (event.seq > this.seq) this.applyOne(event);
    }
  }

  // Applies the waiting events that are now next in line and drops those already covered.
  drain() {
    for (const seq of [...this.buffered.keys()]) if (seq <= this.seq) this.buffered.delete(seq);
    while (this.buffered.has(this.seq + 1)) {
      const event = this.buffered.get(this.seq + 1);
      this.buffered.delete(event.seq);
      this.applyOne(event);
    }
  }

  applyOne(event) {
    this.apply(event);
    this.seq = event.seq;
  }
}
