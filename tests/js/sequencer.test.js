import assert from "node:assert/strict";
import { test } from "node:test";

import { GAP_WAIT_MS, Sequencer } from "../../static/js/board/sequencer.js";

// A sequencer at `seq` that records what it applies and the syncs it asks for, with a clock
// the test moves by hand.
function sequencerAt(seq) {
  const applied = [];
  const syncs = [];
  const timers = [];
  const sequencer = new Sequencer({
    seq,
    apply: (event) => applied.push(event.seq),
    requestSync: (since) => syncs.push(since),
    wait: (callback, ms) => timers.push({ callback, ms }),
  });
  const runTimers = () => {
    for (const { callback } of timers.splice(0)) callback();
  };
  return { sequencer, applied, syncs, timers, runTimers };
}

const event = (seq, type = "note") => ({ type, seq });

test("events in order are applied one by one", () => {
  const { sequencer, applied } = sequencerAt(4);
  for (const seq of [5, 6, 7]) sequencer.receive(event(seq));
  assert.deepEqual(applied, [5, 6, 7]);
  assert.equal(sequencer.seq, 7);
});

test("an event that overtakes an earlier one waits and both apply in order", () => {
  const { sequencer, applied, syncs, runTimers } = sequencerAt(4);
  sequencer.receive(event(6));
  assert.deepEqual(applied, []);
  sequencer.receive(event(5));
  assert.deepEqual(applied, [5, 6]);
  runTimers();
  assert.deepEqual(syncs, [], "a gap that closed by itself needs no sync");
});

test("a gap still open after the wait asks for everything since the last applied", () => {
  const { sequencer, applied, syncs, timers, runTimers } = sequencerAt(4);
  sequencer.receive(event(5));
  sequencer.receive(event(7));
  sequencer.receive(event(8));
  assert.equal(timers.length, 1, "one wait for the gap, not one per early event");
  assert.equal(timers[0].ms, GAP_WAIT_MS);
  runTimers();
  assert.deepEqual(syncs, [5]);
  assert.deepEqual(applied, [5]);
});

test("the catch-up fills the gap and the waiting events follow it", () => {
  const { sequencer, applied } = sequencerAt(4);
  sequencer.receive(event(7));
  sequencer.catchUp([event(5), event(6)]);
  sequencer.drain();
  assert.deepEqual(applied, [5, 6, 7]);
  assert.equal(sequencer.seq, 7);
  assert.equal(sequencer.buffered.size, 0);
});

test("a catch-up repeating events already applied applies only the new ones", () => {
  const { sequencer, applied } = sequencerAt(4);
  sequencer.receive(event(5));
  sequencer.catchUp([event(4), event(5), event(6)]);
  assert.deepEqual(applied, [5, 6]);
});

test("an event received twice is applied once and is no gap to ask about", () => {
  const { sequencer, applied, syncs, runTimers } = sequencerAt(4);
  sequencer.receive(event(5));
  sequencer.receive(event(5));
  sequencer.receive(event(3));
  runTimers();
  assert.deepEqual(applied, [5]);
  assert.deepEqual(syncs, []);
});

test("an early event received twice is applied once when its turn comes", () => {
  const { sequencer, applied } = sequencerAt(4);
  sequencer.receive(event(6));
  sequencer.receive(event(6));
  sequencer.receive(event(5));
  assert.deepEqual(applied, [5, 6]);
});

test("a whole state covers the events waiting before it and applies those after it", () => {
  const { sequencer, applied } = sequencerAt(4);
  sequencer.receive(event(6));
  sequencer.receive(event(9));
  sequencer.reset(8);
  sequencer.drain();
  assert.deepEqual(applied, [9]);
  assert.equal(sequencer.seq, 9);
  assert.equal(sequencer.buffered.size, 0);
});

test("a skipped number moves the sequence on like any other event", () => {
  const { sequencer, applied } = sequencerAt(4);
  sequencer.receive(event(6));
  sequencer.receive(event(5, "skip"));
  assert.deepEqual(applied, [5, 6]);
});

test("after a sync answer a new gap waits again before asking", () => {
  const { sequencer, syncs, timers, runTimers } = sequencerAt(4);
  sequencer.receive(event(6));
  runTimers();
  sequencer.catchUp([event(5)]);
  sequencer.drain();
  sequencer.receive(event(8));
  assert.equal(timers.length, 1);
  runTimers();
  assert.deepEqual(syncs, [4, 6]);
});
