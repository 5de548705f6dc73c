// The notes as the board knows them: the server's word on each, with the sequence number it
// was given at, and on top of it the board's own changes shown before the server confirms
// them. An older word about a note never undoes a newer one; the server's echo of a change
// replaces what the board guessed.

export class NoteStore {
  constructor() {
    this.notes = new Map(); // id -> note
    this.seqs = new Map(); // id -> the sequence number that note was last set at
  }

  get(id) {
    return this.notes.get(id);
  }

  has(id) {
    return this.notes.has(id);
  }

  ids() {
    return [...this.notes.keys()];
  }

  // The server's word on a note at `seq`; false, and nothing changes, when the store already
  // holds a newer one.
  accept(note, seq) {
    if (seq < (this.seqs.get(note.id) ?? -1)) return false;
    this.seqs.set(note.id, seq);
    if (note.deleted) this.notes.delete(note.id);
    else this.notes.set(note.id, note);
    return true;
  }

  // A whole state is about to be accepted: forgets the notes it no longer holds, returning
  // their ids, and every note's number, since the state is newer than all of them.
  keepOnly(ids) {
    const keep = new Set(ids);
    const gone = this.ids().filter((id) => !keep.has(id));
    for (const id of gone) this.notes.delete(id);
    this.seqs.clear();
    return gone;
  }

  // The board's own change, shown at once; the server's echo will be accepted over it.
  show(note) {
    this.notes.set(note.id, note);
  }

  hide(id) {
    this.notes.delete(id);
  }
}

// What the board shows for its own changes before the server confirms them. Each returns the
// command for the server and the note as it will look once the server has applied it.

// `version` is the one the writer opened the editor at, whatever has arrived since.
export function editNote(note, { text, colour, version }) {
  return {
    command: { type: "note.update", note: note.id, frame: note.frame, text, version, colour },
    // If the server accepts it, this is the note's next version; a later edit builds on it.
    note: { ...note, text, colour, version: version + 1 },
  };
}

export function moveNote(note, frame) {
  return { command: { type: "note.move", note: note.id, frame }, note: { ...note, frame } };
}

export function voteOnNote(note, member) {
  const on = !note.voters.includes(member);
  const voters = on ? [...note.voters, member] : note.voters.filter((id) => id !== member);
  return { command: { type: "note.vote", note: note.id, on }, note: { ...note, voters } };
}

export function markGoalConflict(note) {
  const on = !note.goal_conflict;
  return {
    command: { type: "note.goal_conflict", note: note.id, on },
    note: { ...note, goal_conflict: on },
  };
}

// A note written here, not yet saved: it has no id until the server gives it one, and is
// drawn under its client id, which the server's note carries too.
export function pendingNote(command, { member, name }) {
  return {
    id: null,
    client_id: command.client_id,
    frame: command.frame,
    text: command.text,
    colour: command.colour,
    author: member,
    author_name: name,
    voters: [],
    created_at: Number.MAX_SAFE_INTEGER,
  };
}
