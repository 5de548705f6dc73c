// Each note's actions sit in one menu, following the WAI-ARIA menu button pattern: the button
// opens the menu and focus moves into it; arrows, Home and End move between items; Escape
// closes it and gives focus back to the note; Tab or a click elsewhere closes it.
import { nextIndex } from "./keys.js";

export class NoteMenus {
  constructor(root) {
    this.root = root;
    this.current = null;
    document.addEventListener("pointerdown", (event) => {
      if (this.current && !this.current.note.contains(event.target)) this.close({ focus: false });
    });
    root.addEventListener("keydown", (event) => this.onKey(event));
  }

  items(menu) {
    return [...menu.querySelectorAll("[role^=menuitem]")].filter((item) => !item.closest("[hidden]"));
  }

  toggle(note) {
    if (this.current?.note === note) this.close();
    else this.open(note);
  }

  open(note, { last = false } = {}) {
    if (this.current) this.close({ focus: false });
    const button = note.querySelector('[data-action="menu"]');
    const menu = note.querySelector('[data-slot="menu"]');
    if (!button || button.hidden) return;
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    note.classList.add("note--menu-open");
    this.current = { note, button, menu };
    const items = this.items(menu);
    items[last ? items.length - 1 : 0]?.focus();
  }

  close({ focus = true } = {}) {
    if (!this.current) return;
    const { note, button, menu } = this.current;
    this.current = null;
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    note.classList.remove("note--menu-open");
    if (focus && note.isConnected) note.focus();
  }

  onKey(event) {
    if (!this.current || !this.current.menu.contains(event.target)) return;
    const items = this.items(this.current.menu);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.close();
      return;
    }
    if (event.key === "Tab") {
      this.close({ focus: false });
      return;
    }
    const index = nextIndex(items.indexOf(event.target), items.length, event.key);
    if (index == null || event.key === "ArrowLeft" || event.key === "ArrowRight") return;
    event.preventDefault();
    items[index].focus();
  }
}
