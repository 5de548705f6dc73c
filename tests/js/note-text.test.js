import assert from "node:assert/strict";
import { test } from "node:test";

import { charsLeft, textLength, textProblem } from "../../static/js/board/note-text.js";

const strings = {
  empty: "Skriv något på lappen först.",
  too_long: "En lapp får vara högst %(limit)s tecken. Du har skrivit %(length)s.",
};
const check = (text) => textProblem(text, { maxLength: 10, strings });

test("a text within the limit may be sent", () => {
  assert.equal(check("Fler möten"), "");
});

test("an empty or blank text is refused with its own message", () => {
  assert.equal(check(""), strings.empty);
  assert.equal(check(" \n\t "), strings.empty);
});

test("a text over the limit says the limit and how long it is", () => {
  assert.equal(check("Elva tecken"), "En lapp får vara högst 10 tecken. Du har skrivit 11.");
});

test("spaces around the text do not count", () => {
  assert.equal(check("   Fler möten   "), "");
  assert.equal(textLength("  ab  "), 2);
  assert.equal(charsLeft("  ab  ", 10), 8);
});

test("an emoji counts as one character, as the server counts it", () => {
  assert.equal(textLength("👍"), 1);
  assert.equal(check("Bra idé 👍👍"), "");
  assert.equal(charsLeft("👍👍", 10), 8);
});

test("the characters left never go below nought", () => {
  assert.equal(charsLeft("x".repeat(12), 10), 0);
});
