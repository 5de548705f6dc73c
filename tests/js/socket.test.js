import assert from "node:assert/strict";
import { test } from "node:test";

import { reconnectDelay, throttledUntil } from "../../static/js/board/socket.js";

// The longest pause each attempt may wait (random 1) and the shortest (random 0).
const longest = (attempt) => reconnectDelay(attempt, { random: 1, now: 0 });
const shortest = (attempt) => reconnectDelay(attempt, { random: 0, now: 0 });

test("the pause doubles from half a second with each attempt", () => {
  assert.deepEqual([0, 1, 2, 3].map(longest), [500, 1000, 2000, 4000]);
});

test("the pause stops growing at fifteen seconds", () => {
  assert.equal(longest(5), 15000);
  assert.equal(longest(40), 15000);
});

test("browsers spread their attempts over the upper half of the pause", () => {
  assert.equal(shortest(0), 250);
  assert.equal(shortest(40), 7500);
  assert.equal(reconnectDelay(2, { random: 0.5, now: 0 }), 1500);
});

test("no attempt comes before the time the server named", () => {
  assert.equal(reconnectDelay(0, { notBefore: 40_000, now: 10_000, random: 1 }), 30_000);
  assert.equal(reconnectDelay(4, { notBefore: 9_000, now: 10_000, random: 1 }), 8000);
});

test("a throttled socket waits the seconds the server named, or half a minute", () => {
  assert.equal(throttledUntil("12", 1000), 13_000);
  assert.equal(throttledUntil("", 1000), 31_000);
  assert.equal(throttledUntil("soon", 1000), 31_000);
});
