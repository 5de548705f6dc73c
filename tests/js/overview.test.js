import assert from "node:assert/strict";
import { test } from "node:test";

import {
  applyGroupEvent,
  countsByFrame,
  groupsFromOverview,
  sameMembers,
} from "../../static/js/board/overview.js";

const members = (...ids) => ids.map((id) => ({ id, name: `Person ${id}`, online: true }));

// One group, number 2, at sequence 4 with notes 1 and 2 in frame 10, note 2 a goal conflict.
const overview = () => ({
  frames: [10, 11],
  groups: {
    2: {
      seq: 4,
      state: { number: 1, members: members(7, 8), leader: 7 },
      notes: { 1: 10, 2: 10 },
      conflicts: [2],
    },
  },
});

const noteEvent = (seq, note) => ({
  type: "note",
  group: 2,
  seq,
  note: { goal_conflict: false, ...note },
});
const groupEvent = (seq, state) => ({ type: "group", group: 2, seq, state: { number: 1, ...state } });

test("the overview is read with numeric ids for groups and notes", () => {
  const group = groupsFromOverview(overview()).get(2);
  assert.equal(group.seq, 4);
  assert.deepEqual([...group.notes], [[1, 10], [2, 10]]);
  assert.deepEqual([...group.conflicts], [2]);
});

test("frames are counted, the empty ones as nought", () => {
  const group = groupsFromOverview(overview()).get(2);
  assert.deepEqual([...countsByFrame(group, [10, 11])], [[10, 2], [11, 0]]);
});

test("a new note and a move are counted in their frames", () => {
  const group = groupsFromOverview(overview()).get(2);
  applyGroupEvent(group, noteEvent(5, { id: 3, frame: 11 }));
  applyGroupEvent(group, noteEvent(6, { id: 1, frame: 11 }));
  assert.deepEqual([...countsByFrame(group, [10, 11])], [[10, 1], [11, 2]]);
});

test("an event received twice is counted once", () => {
  const group = groupsFromOverview(overview()).get(2);
  const event = noteEvent(5, { id: 3, frame: 11 });
  assert.deepEqual(applyGroupEvent(group, event), { gap: false, membersChanged: false });
  assert.equal(applyGroupEvent(group, { ...event, note: { id: 3, deleted: true } }), null);
  assert.equal(group.notes.get(3), 11);
});

test("an event after skipped numbers is applied and asks for the overview again", () => {
  const group = groupsFromOverview(overview()).get(2);
  const outcome = applyGroupEvent(group, noteEvent(7, { id: 3, frame: 11 }));
  assert.equal(outcome.gap, true);
  assert.equal(group.seq, 7);
  assert.equal(applyGroupEvent(group, noteEvent(6, { id: 4, frame: 11 })), null, "overtaken");
});

test("a deleted note leaves the counts and the goal conflicts", () => {
  const group = groupsFromOverview(overview()).get(2);
  applyGroupEvent(group, noteEvent(5, { id: 2, frame: 10, goal_conflict: true, deleted: true }));
  assert.equal(group.notes.has(2), false);
  assert.equal(group.conflicts.size, 0);
});

test("marking and unmarking a goal conflict is counted", () => {
  const group = groupsFromOverview(overview()).get(2);
  applyGroupEvent(group, noteEvent(5, { id: 1, frame: 10, goal_conflict: true }));
  assert.deepEqual([...group.conflicts].sort(), [1, 2]);
  applyGroupEvent(group, noteEvent(6, { id: 2, frame: 10 }));
  assert.deepEqual([...group.conflicts], [1]);
});

test("a new member or leader makes the page fetch the groups again, a status change does not", () => {
  const group = groupsFromOverview(overview()).get(2);
  const ready = groupEvent(5, { members: members(7, 8), leader: 7, ready_to_report: true });
  assert.equal(applyGroupEvent(group, ready).membersChanged, false);
  assert.equal(group.state.ready_to_report, true);
  const joined = groupEvent(6, { members: members(7, 8, 9), leader: 7 });
  assert.equal(applyGroupEvent(group, joined).membersChanged, true);
  const newLeader = groupEvent(7, { members: members(7, 8, 9), leader: 8 });
  assert.equal(applyGroupEvent(group, newLeader).membersChanged, true);
});

test("members are the same when the ids and the leader are, whoever is online", () => {
  const online = { members: members(7, 8), leader: 7 };
  const offline = {
    members: members(7, 8).map((member) => ({ ...member, online: false })),
    leader: 7,
  };
  assert.equal(sameMembers(online, offline), true);
  assert.equal(sameMembers(online, { ...online, leader: null }), false);
});
