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
