// The facilitator's overview of every group, kept from the same events the boards get: per
// group its sequence number, the frame of each note and the notes marked as goal conflicts.
// The overview only counts, so an early event is applied at once and the whole overview is
// asked for again to make up for what it overtook.

export function groupsFromOverview(overview) {
  return new Map(
    Object.entries(overview.groups).map(([id, group]) => [
      Number(id),
      {
        seq: group.seq,
        state: group.state,
        notes: new Map(Object.entries(group.notes).map(([note, frame]) => [Number(note), frame])),
        conflicts: new Set(group.conflicts),
      },
    ]),
  );
}

export function sameMembers(a, b) {
  const ids = (state) => state.members.map((member) => member.id).join(",");
  return ids(a) === ids(b) && a.leader === b.leader;
}

// Applies a note or group event to its group. Returns null for a repeat or an older event,
// otherwise whether numbers were skipped (`gap`) and whether the group's members or leader
// changed (`membersChanged`), which the server draws and the page must fetch again.
export function applyGroupEvent(group, event) {
  if (event.seq <= group.seq) return null;
  const gap = event.seq > group.seq + 1;
  group.seq = event.seq;
  let membersChanged = false;
  if (event.type === "note") {
    if (event.note.deleted) group.notes.delete(event.note.id);
    else group.notes.set(event.note.id, event.note.frame);
    if (event.note.goal_conflict && !event.note.deleted) group.conflicts.add(event.note.id);
    else group.conflicts.delete(event.note.id);
  } else if (event.type === "group") {
    membersChanged = !sameMembers(group.state, event.state);
    group.state = event.state;
  }
  return { gap, membersChanged };
}

// How many notes the group has in each of the session's frames, empty frames included.
export function countsByFrame(group, frames) {
  const counts = new Map(frames.map((frame) => [frame, 0]));
  for (const frame of group.notes.values()) counts.set(frame, (counts.get(frame) ?? 0) + 1);
  return counts;
}
