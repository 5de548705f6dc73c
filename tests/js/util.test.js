import assert from "node:assert/strict";
import { test } from "node:test";

import { format, leaderChangeText, randomId } from "../../static/js/board/util.js";

const strings = {
  leader_took: "%(leader)s har tagit rollen som gruppledare.",
  leader_stepped_down: "%(previous)s har lämnat rollen som gruppledare.",
  leader_appointed: "Samtalsledaren har utsett %(leader)s till gruppledare.",
  leader_replaced: "Samtalsledaren har utsett %(leader)s till gruppledare i stället för %(previous)s.",
  leader_removed: "Samtalsledaren har tagit bort %(previous)s som gruppledare.",
  leader_moved: "%(previous)s har bytt grupp och är inte längre gruppledare.",
};

test("named placeholders are filled and unknown ones left as they are", () => {
  assert.equal(format("%(name)s leder %(group)s", { name: "Dora" }), "Dora leder %(group)s");
  assert.equal(format("%(count)s lappar", { count: 0 }), "0 lappar");
});

test("text that looks like a placeholder in a value is not filled again", () => {
  assert.equal(format("%(a)s och %(b)s", { a: "%(b)s", b: "Erik" }), "%(b)s och Erik");
});

test("each way the leader changes has its own line", () => {
  const line = (kind, previous = "") => leaderChangeText({ kind, leader: "Dora", previous }, strings);
  assert.equal(line("took"), "Dora har tagit rollen som gruppledare.");
  assert.equal(line("stepped_down", "Erik"), "Erik har lämnat rollen som gruppledare.");
  assert.equal(line("appointed"), "Samtalsledaren har utsett Dora till gruppledare.");
  assert.equal(
    line("appointed", "Erik"),
    "Samtalsledaren har utsett Dora till gruppledare i stället för Erik.",
  );
  assert.equal(line("removed", "Erik"), "Samtalsledaren har tagit bort Erik som gruppledare.");
  assert.equal(line("moved", "Erik"), "Erik har bytt grupp och är inte längre gruppledare.");
});

test("a change of an unknown kind says nothing", () => {
  assert.equal(leaderChangeText({ kind: "vanished", leader: "Dora" }, strings), "");
});

test("random ids are 32 hex digits and differ", () => {
  const first = randomId();
  assert.match(first, /^[0-9a-f]{32}$/);
  assert.notEqual(randomId(), first);
});
