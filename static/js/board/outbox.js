// Changes not yet confirmed by the server, kept in the browser so nothing written while
// offline is lost, even across a reload. Each is sent again until acknowledged; the server
// recognises a repeat (a note's client id, set-not-toggle votes), so nothing is doubled.

export class Outbox {
  constructor(key) {
    this.key = key;
    this.items = this.load();
  }

  load() {
    try {
      const items = JSON.parse(localStorage.getItem(this.key) || "[]");
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  save() {
    try {
      if (this.items.length) localStorage.setItem(this.key, JSON.stringify(this.items));
      else localStorage.removeItem(this.key);
    } catch {
      // Private browsing may refuse storage; the queue then lives only in this page.
    }
  }

  add(command) {
    this.items.push(command);
    this.save();
  }

  take(ref) {
    const item = this.items.find((candidate) => candidate.ref === ref);
    if (item) {
      this.items = this.items.filter((candidate) => candidate !== item);
      this.save();
    }
    return item;
  }

  find(predicate) {
    return this.items.find(predicate);
  }

  get size() {
    return this.items.length;
  }
}
