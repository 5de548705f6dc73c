// Draws notes from the page's <template>, which the server renders from the same partial as
// the notes already on the page: one markup for a note, filled with text, never HTML.

const ID_ATTRIBUTES = ["id", "for", "aria-describedby", "aria-labelledby", "aria-controls"];

export function noteKey(note) {
  return note.id != null ? String(note.id) : pendingKey(note);
}

// The key a note was drawn under while it waited for its id; the server's note carries the
// same client id, so it finds and replaces the pending one.
export function pendingKey(note) {
  return `c-${note.client_id}`;
}

export function cloneWithKey(template, key) {
  const element = template.content.firstElementChild.cloneNode(true);
  for (const node of [element, ...element.querySelectorAll("*")]) {
    for (const name of ID_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value && value.includes("__ID__")) node.setAttribute(name, value.replaceAll("__ID__", key));
    }
  }
  return element;
}

export class NoteRenderer {
  constructor({ template, strings, config }) {
    this.template = template;
    this.strings = strings;
    this.config = config;
  }

  mayEdit(note) {
    return this.config.facilitator || (note.author != null && note.author === this.config.member);
  }

  create(note) {
    const element = cloneWithKey(this.template, noteKey(note));
    this.fill(element, note, { pending: note.id == null });
    return element;
  }

  fill(element, note, { pending = false } = {}) {
    const slot = (name) => element.querySelector(`[data-slot="${name}"]`);
    const action = (name) => element.querySelector(`[data-action="${name}"]`);
    const colour = note.colour in this.config.colours ? note.colour : "yellow";
    element.className = `note note--${colour} note--${noteSize(note.text, this.config.note_sizes)}`;
    element.classList.toggle("note--pending", pending);
    const marked = note.id != null && (this.config.marked ?? []).includes(note.id);
    element.classList.toggle("note--marked", marked);
    slot("marked").hidden = !marked;
    element.dataset.note = note.id ?? "";
    element.dataset.created = note.created_at ?? Number.MAX_SAFE_INTEGER;
    slot("text").textContent = note.text;
    let author = note.author_name || this.strings.no_author;
    if (note.author != null && note.author === this.config.member) {
      author = `${author} (${this.strings.you})`;
    }
    slot("author").textContent = author;
    slot("colour").textContent = this.config.colours[note.colour] ?? "";
    const votes = note.voters?.length ?? 0;
    slot("votes").textContent = String(votes);
    slot("vote-count").hidden = votes === 0;
    slot("pending").hidden = !pending;
    slot("goal-conflict").hidden = !note.goal_conflict;
    action("goal-conflict").setAttribute("aria-checked", String(Boolean(note.goal_conflict)));
    action("vote").setAttribute("aria-checked", String(note.voters?.includes(this.config.member) ?? false));
    const own = this.mayEdit(note) && !pending;
    for (const item of element.querySelectorAll("[data-own]")) item.hidden = !own;
    for (const item of element.querySelectorAll("[data-move-item]")) {
      item.hidden = item.querySelector("[data-to]").dataset.to === String(note.frame);
    }
    // A note on its way to the server has no id yet to vote on, move or act on at all.
    action("menu").hidden = pending;
  }
}

// The type size that keeps a post-it square: limits are [[length, size], …, [null, size]].
export function noteSize(text, limits) {
  const length = [...(text ?? "")].length;
  return limits.find(([limit]) => limit == null || length <= limit)[1];
}
