import assert from "node:assert/strict";
import { test } from "node:test";

import { noteSize } from "../../static/js/board/notes.js";

// The same limits the page's config carries from the server's note_size filter.
const limits = [[50, "short"], [120, "medium"], [220, "long"], [null, "longest"]];

test("a note's type size steps down as its text grows, so it stays a square post-it", () => {
  assert.equal(noteSize("En arena för samtal", limits), "short");
  assert.equal(noteSize("x".repeat(50), limits), "short");
  assert.equal(noteSize("x".repeat(51), limits), "medium");
  assert.equal(noteSize("x".repeat(221), limits), "longest");
});

test("characters are counted as people see them, not as UTF-16 units", () => {
  assert.equal(noteSize("😀".repeat(50), limits), "short");
});
