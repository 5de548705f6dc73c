// The frame switcher: where the screen is narrow, one frame (or the instruction) shows at a
// time, chosen with these tabs (WAI-ARIA tabs with automatic activation).
import { nextIndex } from "./keys.js";

export class FrameTabs {
  constructor(tablist, panels) {
    this.tablist = tablist;
    this.panels = panels;
    this.tabs = [...tablist.querySelectorAll("[role=tab]")];
    tablist.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (tab) this.select(tab.dataset.tab);
    });
    tablist.addEventListener("keydown", (event) => {
      const index = nextIndex(this.tabs.indexOf(event.target), this.tabs.length, event.key);
      if (index == null) return;
      event.preventDefault();
      this.select(this.tabs[index].dataset.tab, { focus: true });
    });
    const first = this.tabs.find((tab) => tab.getAttribute("aria-selected") === "true");
    this.select(first?.dataset.tab ?? this.tabs[0].dataset.tab);
  }

  select(key, { focus = false } = {}) {
    for (const tab of this.tabs) {
      const selected = tab.dataset.tab === String(key);
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected && focus) tab.focus();
    }
    for (const panel of this.panels) panel.classList.toggle("panel--current", panel.dataset.panel === String(key));
  }

  count(key, value) {
    const counter = this.tablist.querySelector(`[data-count="${key}"]`);
    if (counter) counter.textContent = String(value);
  }
}
