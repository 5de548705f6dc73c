// Changes not yet confirmed by the server, kept in the browser so nothing written while
// offline is lost, even across a reload. Each is sent again until acknowledged; the server
// recognises a repeat (a note's client id, set-not-toggle votes), so nothing is doubled.

export class Outbox {
  // `storage` gives the Storage to keep the queue in. It is asked for inside the guards below,
  // since merely reading window.localStorage throws where the browser blocks storage.
  constructor(key, { storage = () => localStorage } = {}) {
    this.key = key;
    this.storage = storage;
    this.items = this.load();
  }

  load() {
    try {
      const items = JSON.parse(this.storage().getItem(this.key) || "[]");
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  save() {
    try {
      if (this.items.length) this.storage().setItem(this.key, JSON.stringify(this.items));
      else this.storage().removeItem(this.key);
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

  get size() {
    return this.items.length;
  }
}
