import assert from "node:assert/strict";
import { test } from "node:test";

import { Courier } from "../../static/js/board/courier.js";
import { Outbox } from "../../static/js/board/outbox.js";

const KEY = "larlabb.board.4.7";

// localStorage's shape, kept in a Map so a test can look inside and "reload the page".
class MemoryStorage {
  constructor() {
    this.values = new Map();
  }
  getItem(key) {
    return this.values.has(key) ? this.values.get(key) : null;
  }
  setItem(key, value) {
    this.values.set(key, String(value));
  }
  removeItem(key) {
    this.values.delete(key);
  }
}

// A storage that refuses everything, as private browsing or blocked cookies may.
const refusing = () => {
  throw new Error("SecurityError");
};

// A board's outbox and courier over a socket that is up or down as the test says.
function board(storage = new MemoryStorage()) {
  const outbox = new Outbox(KEY, { storage: () => storage });
  const wire = { up: false, inStep: false, sent: [] };
  let refs = 0;
  const courier = new Courier({
    outbox,
    send: (command) => {
      if (wire.up) wire.sent.push(command.ref);
      return wire.up;
    },
    ready: () => wire.inStep,
    newRef: () => `r${++refs}`,
  });
  // What the board does once it is back in step with the server after a reconnect.
  const reconnect = () => {
    wire.up = true;
    wire.inStep = true;
    courier.resendAll();
  };
  return { storage, outbox, courier, wire, reconnect };
}

const create = (text) => ({ type: "note.create", client_id: text, frame: 1, text, colour: "yellow" });

test("a command while in step is sent at once and kept until acknowledged", () => {
  const { courier, wire } = board();
  wire.up = true;
  wire.inStep = true;
  const command = courier.submit(create("a"));
  assert.deepEqual(wire.sent, ["r1"]);
  assert.equal(courier.size, 1);
  assert.equal(courier.settle(command.ref), command);
  assert.equal(courier.size, 0);
});

test("commands written offline are queued and sent in order after the reconnect", () => {
  const { courier, wire, reconnect } = board();
  for (const text of ["a", "b", "c"]) courier.submit(create(text));
  assert.deepEqual(wire.sent, []);
  assert.equal(courier.size, 3);
  reconnect();
  assert.deepEqual(wire.sent, ["r1", "r2", "r3"]);
});

test("a command is not sent while the board is connected but not yet caught up", () => {
  const { courier, wire } = board();
  wire.up = true;
  courier.submit(create("a"));
  assert.deepEqual(wire.sent, []);
  assert.equal(courier.size, 1);
});

test("a command whose ack was lost is sent again after the reconnect, and only that one", () => {
  const { courier, wire, reconnect } = board();
  wire.up = true;
  wire.inStep = true;
  const first = courier.submit(create("a"));
  const second = courier.submit(create("b"));
  courier.settle(first.ref);
  wire.up = false;
  wire.inStep = false;
  wire.sent = [];
  reconnect();
  assert.deepEqual(wire.sent, [second.ref]);
});

test("a late ack after the resend settles the command, and the second ack changes nothing", () => {
  const { courier, wire, reconnect } = board();
  const first = courier.submit(create("a"));
  const second = courier.submit(create("b"));
  reconnect();
  assert.equal(courier.settle(first.ref), first);
  assert.equal(courier.settle(first.ref), undefined, "an ack twice finds nothing to take");
  assert.deepEqual(courier.outbox.items, [second]);
  wire.sent = [];
  reconnect();
  assert.deepEqual(wire.sent, [second.ref], "a settled command is never sent again");
});

test("an ack for a command the board never sent settles nothing", () => {
  const { courier } = board();
  const command = courier.submit(create("a"));
  assert.equal(courier.settle("someone-else"), undefined);
  assert.deepEqual(courier.outbox.items, [command]);
});

test("a command that already has a reference keeps it", () => {
  const { courier } = board();
  const command = courier.submit({ ...create("a"), ref: "client-1" });
  assert.equal(command.ref, "client-1");
});

test("only note creations are drawn as pending notes", () => {
  const { courier } = board();
  courier.submit(create("a"));
  courier.submit({ type: "note.vote", note: 3, on: true });
  assert.deepEqual(
    courier.pendingCreates().map((command) => command.text),
    ["a"],
  );
});

test("the queue survives a reload, in order, and is removed once empty", () => {
  const { storage, courier } = board();
  const first = courier.submit(create("a"));
  const second = courier.submit(create("b"));
  const reloaded = new Outbox(KEY, { storage: () => storage });
  assert.deepEqual(reloaded.items, [first, second]);
  reloaded.take(first.ref);
  reloaded.take(second.ref);
  assert.equal(storage.getItem(KEY), null);
});

test("each group's and member's queue is kept apart", () => {
  const storage = new MemoryStorage();
  new Outbox(KEY, { storage: () => storage }).add(create("a"));
  assert.deepEqual(new Outbox("larlabb.board.4.8", { storage: () => storage }).items, []);
});

test("a queue that cannot be read starts empty", () => {
  for (const stored of ["{not json", '{"ref": "r1"}']) {
    const storage = new MemoryStorage();
    storage.setItem(KEY, stored);
    assert.deepEqual(new Outbox(KEY, { storage: () => storage }).items, []);
  }
});

test("without storage the queue lives in the page and loses nothing", () => {
  const outbox = new Outbox(KEY, { storage: refusing });
  outbox.add({ ref: "r1" });
  outbox.add({ ref: "r2" });
  assert.deepEqual(outbox.take("r1"), { ref: "r1" });
  assert.deepEqual(outbox.items, [{ ref: "r2" }]);
});
