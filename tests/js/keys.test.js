import assert from "node:assert/strict";
import { test } from "node:test";

import { nextIndex } from "../../static/js/board/keys.js";

test("arrows move to the next and previous item and wrap around", () => {
  assert.equal(nextIndex(0, 3, "ArrowDown"), 1);
  assert.equal(nextIndex(2, 3, "ArrowRight"), 0);
  assert.equal(nextIndex(0, 3, "ArrowUp"), 2);
  assert.equal(nextIndex(1, 3, "ArrowLeft"), 0);
});

test("Home and End go to the first and the last item", () => {
  assert.equal(nextIndex(1, 4, "Home"), 0);
  assert.equal(nextIndex(1, 4, "End"), 3);
});

test("other keys and empty groups move nowhere", () => {
  assert.equal(nextIndex(0, 3, "a"), null);
  assert.equal(nextIndex(0, 0, "ArrowDown"), null);
});
