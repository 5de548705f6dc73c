import assert from "node:assert/strict";
import { test } from "node:test";

import { ServerClock, formatDuration, timeLeft } from "../../static/js/board/clock.js";
import { changeAnnouncement, crossingAnnouncement } from "../../static/js/board/timer.js";

// A browser clock the test sets by hand.
function clockAt(local) {
  const browser = { now: local };
  const clock = new ServerClock({ localNow: () => browser.now });
  return { clock, browser };
}

const strings = {
  finished: "Passet är slut.",
  phase_changed: "Ny fas: %(title)s, %(minutes)s minuter.",
  phase_changed_one: "Ny fas: %(title)s, en minut.",
  paused: "Tiden är pausad.",
  resumed: "Tiden går igen.",
  extended: "Mer tid: %(time)s kvar.",
  minutes_left: "%(minutes)s minuter kvar.",
  time_up: "Tiden är ute.",
};

test("a first guess takes the server's time from a state message", () => {
  const { clock } = clockAt(1000);
  clock.guess(61_000);
  assert.equal(clock.now(), 61_000);
});

test("a measured round trip puts the server's reading half-way through it", () => {
  const { clock, browser } = clockAt(1000);
  browser.now = 1200;
  clock.measured(1000, 50_000);
  assert.equal(clock.now(), 50_100);
});

test("only a shorter round trip replaces the estimate, and a guess never does", () => {
  const { clock, browser } = clockAt(1000);
  browser.now = 1100;
  clock.measured(1000, 50_000);
  browser.now = 1400;
  clock.measured(1000, 90_000);
  clock.guess(99_000);
  assert.equal(clock.now(), 50_000 - 1050 + 1400);
});

test("after a reconnect the next measurement counts again", () => {
  const { clock, browser } = clockAt(1000);
  browser.now = 1100;
  clock.measured(1000, 50_000);
  clock.forgetMeasurements();
  browser.now = 2500;
  clock.measured(2000, 70_000);
  assert.equal(clock.now(), 70_250);
});

test("the time left comes from the pause or from the end the server set", () => {
  const { clock } = clockAt(0);
  assert.equal(timeLeft({ paused_remaining: 9000, ends_at: 1 }, clock), 9000);
  assert.equal(timeLeft({ ends_at: 4000 }, clock), 4000);
  assert.equal(timeLeft({}, clock), null);
  assert.equal(timeLeft(null, clock), null);
});

test("durations read as minutes and seconds, hours when there are any, never below nought", () => {
  assert.equal(formatDuration(65_000), "1:05");
  assert.equal(formatDuration(3_725_000), "1:02:05");
  assert.equal(formatDuration(100), "0:01");
  assert.equal(formatDuration(-5000), "0:00");
});

test("a new phase, a pause, a resume and the end are each announced", () => {
  const { clock } = clockAt(0);
  const say = (previous, state) => changeAnnouncement(previous, state, { strings, clock });
  const phase = (id, minutes = 10) => ({ id, title: `Fas ${id}`, minutes });
  assert.equal(say({ phase: phase(1) }, { phase: phase(2) }), "Ny fas: Fas 2, 10 minuter.");
  assert.equal(say({ phase: phase(1) }, { phase: phase(2, 1) }), "Ny fas: Fas 2, en minut.");
  assert.equal(say({ ends_at: 5000 }, { paused_remaining: 3000 }), strings.paused);
  assert.equal(say({ paused_remaining: 3000 }, { ends_at: 5000 }), strings.resumed);
  const running = { status: "running", phase: phase(1) };
  assert.equal(say(running, { status: "finished", phase: phase(2) }), strings.finished);
});

test("more time is announced with the time left, and the same state says nothing", () => {
  const { clock } = clockAt(0);
  const say = (previous, state) => changeAnnouncement(previous, state, { strings, clock });
  assert.equal(say({ ends_at: 60_000 }, { ends_at: 120_000 }), "Mer tid: 2:00 kvar.");
  assert.equal(say({ ends_at: 60_000 }, { ends_at: 60_000 }), "");
});

test("five minutes left and time up are announced once, when crossed", () => {
  const five = 5 * 60 * 1000;
  assert.equal(crossingAnnouncement(five + 500, five, strings), "5 minuter kvar.");
  assert.equal(crossingAnnouncement(five, five - 500, strings), "");
  assert.equal(crossingAnnouncement(500, 0, strings), strings.time_up);
  assert.equal(crossingAnnouncement(0, -500, strings), "");
});

test("a clock that jumps from over five minutes past the end says time is up", () => {
  assert.equal(crossingAnnouncement(6 * 60 * 1000, -500, strings), strings.time_up);
});
