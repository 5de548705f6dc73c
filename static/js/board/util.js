// Small helpers shared by the board and the facilitator's overview.

export function format(template, values = {}) {
  return template.replace(/%\((\w+)\)s/g, (match, key) =>
    key in values ? String(values[key]) : match,
  );
}

export function readJSON(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

// Works outside secure contexts too (crypto.randomUUID does not).
export function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Announcer {
  constructor(element) {
    this.element = element;
    this.timer = null;
  }

  // Emptying first makes screen readers announce a message even when it repeats.
  say(text) {
    if (!this.element || !text) return;
    this.element.textContent = "";
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.element.textContent = text;
    }, 80);
  }
}

// The line that says who changed a group's leader, from a group event's leader_change.
export function leaderChangeText(change, strings) {
  if (change.kind === "appointed" && change.previous) return format(strings.leader_replaced, change);
  const template = {
    took: strings.leader_took,
    stepped_down: strings.leader_stepped_down,
    appointed: strings.leader_appointed,
    removed: strings.leader_removed,
    moved: strings.leader_moved,
  }[change.kind];
  return template ? format(template, change) : "";
}
