import assert from "node:assert/strict";
import { test } from "node:test";

import { MAX_SCALE, MIN_SCALE, clampScale, fitScale, stepScale } from "../../static/js/board/zoom.js";

test("a board larger than the screen is fitted by its tighter side", () => {
  const scale = fitScale({ contentWidth: 2000, contentHeight: 1000, viewWidth: 1000, viewHeight: 800 });
  assert.equal(scale, 0.5);
});

test("a board smaller than the screen is never blown up by fitting", () => {
  assert.equal(fitScale({ contentWidth: 500, contentHeight: 300, viewWidth: 1440, viewHeight: 800 }), 1);
});

test("an empty canvas fits at its normal size", () => {
  assert.equal(fitScale({ contentWidth: 0, contentHeight: 0, viewWidth: 1440, viewHeight: 800 }), 1);
});

test("a huge board stops at the smallest zoom", () => {
  assert.equal(fitScale({ contentWidth: 100000, contentHeight: 10, viewWidth: 1000, viewHeight: 800 }), MIN_SCALE);
});

test("zooming in and out in steps lands on 100 % on the way", () => {
  assert.equal(stepScale(0.9, 1), 1);
  assert.equal(stepScale(1.1, -1), 1);
  assert.equal(stepScale(1, 1), 1.25);
  assert.equal(stepScale(1, -1), 0.8);
});

test("zoom stays within its bounds", () => {
  assert.equal(clampScale(10), MAX_SCALE);
  assert.equal(stepScale(MAX_SCALE, 1), MAX_SCALE);
  assert.equal(stepScale(MIN_SCALE, -1), MIN_SCALE);
});
