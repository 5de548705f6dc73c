import assert from "node:assert/strict";
import { test } from "node:test";

import {
  NoteStore,
  editNote,
  markGoalConflict,
  moveNote,
  pendingNote,
  voteOnNote,
} from "../../static/js/board/note-store.js";
import { noteKey, pendingKey } from "../../static/js/board/notes.js";

const note = (fields = {}) => ({
  id: 1,
  client_id: "abc",
  frame: 10,
  text: "Fler mötesplatser",
  colour: "yellow",
  version: 1,
  voters: [],
  goal_conflict: false,
  ...fields,
});

function storeWith(first, seq = 5) {
  const store = new NoteStore();
  store.accept(first, seq);
  return store;
}

test("a newer word from the server replaces the note", () => {
  const store = storeWith(note());
  assert.equal(store.accept(note({ text: "Ny text", version: 2 }), 6), true);
  assert.equal(store.get(1).text, "Ny text");
});

test("an older word from the server does not undo a newer one", () => {
  const store = storeWith(note({ text: "Ny text", version: 2 }), 7);
  assert.equal(store.accept(note({ text: "Gammal text" }), 6), false);
  assert.equal(store.get(1).text, "Ny text");
});

test("a note the server says is deleted is forgotten and stays so against older words", () => {
  const store = storeWith(note());
  assert.equal(store.accept(note({ deleted: true }), 6), true);
  assert.equal(store.has(1), false);
  assert.equal(store.accept(note(), 5), false);
  assert.equal(store.has(1), false);
});

test("a whole state forgets the notes it lacks and lets every note it holds in again", () => {
  const store = storeWith(note(), 9);
  store.accept(note({ id: 2 }), 9);
  assert.deepEqual(store.keepOnly(new Set([1])), [2]);
  assert.deepEqual(store.ids(), [1]);
  assert.equal(store.accept(note({ text: "Ur tillståndet" }), 8), true);
});

test("an own edit is shown at once and builds on the version the editor opened", () => {
  const store = storeWith(note({ version: 3 }));
  const edit = editNote(store.get(1), { text: "Ändrad", colour: "blue", version: 2 });
  store.show(edit.note);
  assert.deepEqual(edit.command, {
    type: "note.update",
    note: 1,
    frame: 10,
    text: "Ändrad",
    version: 2,
    colour: "blue",
  });
  assert.equal(store.get(1).text, "Ändrad");
  assert.equal(store.get(1).version, 3);
});

test("the server's echo of an own edit replaces what the board showed", () => {
  const store = storeWith(note());
  store.show(editNote(store.get(1), { text: "Ändrad", colour: "blue", version: 1 }).note);
  // The server kept someone else's edit: its word wins over the guess.
  store.accept(note({ text: "Någon annans", version: 2 }), 6);
  assert.equal(store.get(1).text, "Någon annans");
  assert.equal(store.get(1).colour, "yellow");
});

test("an own change leaves the server's note untouched until the echo", () => {
  const served = note();
  const store = storeWith(served);
  store.show(moveNote(store.get(1), 11).note);
  assert.equal(store.get(1).frame, 11);
  assert.equal(served.frame, 10);
});

test("voting twice takes the own vote back and keeps the others'", () => {
  const first = voteOnNote(note({ voters: [7] }), 3);
  assert.deepEqual(first.command, { type: "note.vote", note: 1, on: true });
  assert.deepEqual(first.note.voters, [7, 3]);
  const second = voteOnNote(first.note, 3);
  assert.deepEqual(second.command, { type: "note.vote", note: 1, on: false });
  assert.deepEqual(second.note.voters, [7]);
});

test("marking a goal conflict twice unmarks it", () => {
  const marked = markGoalConflict(note());
  assert.deepEqual(marked.command, { type: "note.goal_conflict", note: 1, on: true });
  assert.equal(markGoalConflict(marked.note).note.goal_conflict, false);
});

test("an own delete hides the note and an undo shows it again", () => {
  const store = storeWith(note());
  const deleted = store.get(1);
  store.hide(1);
  assert.equal(store.has(1), false);
  store.show(deleted);
  assert.equal(store.get(1), deleted);
});

test("a note written here is drawn under its client id until the server's note replaces it", () => {
  const command = { type: "note.create", client_id: "c9", frame: 10, text: "Ny", colour: "pink" };
  const pending = pendingNote(command, { member: 3, name: "Dora" });
  assert.equal(noteKey(pending), "c-c9");
  assert.equal(pending.author, 3);
  assert.equal(pending.created_at, Number.MAX_SAFE_INTEGER, "sorted after every saved note");
  const saved = note({ id: 42, client_id: "c9" });
  assert.equal(noteKey(saved), "42");
  assert.equal(pendingKey(saved), noteKey(pending), "the server's note names the pending one");
});
