// Report-back: the group whose summary every screen shows, drawn from the session state the
// server sends whole, so a screen that reconnects shows the same group as everyone else.
import { format } from "./util.js";

export class ReportView {
  constructor(section, { strings, announcer, onChange }) {
    this.section = section;
    this.strings = strings;
    this.announcer = announcer;
    this.onChange = onChange ?? (() => {});
    this.current = undefined;
    const slot = (name) => section.querySelector(`[data-slot="${name}"]`);
    this.title = slot("report-title");
    this.frame = slot("report-frame");
    this.list = slot("report-notes");
    this.empty = slot("report-empty");
    const fullscreen = section.querySelector('[data-action="fullscreen"]');
    if (document.fullscreenEnabled) {
      fullscreen.hidden = false;
      fullscreen.addEventListener("click", () => {
        if (document.fullscreenElement) document.exitFullscreen();
        else section.requestFullscreen().catch(() => {});
      });
    }
  }

  // `announce` is false for the state found on loading the page: only changes are spoken.
  update(reporting, { announce = true } = {}) {
    const previous = this.current;
    this.current = reporting ?? null;
    this.section.hidden = !reporting;
    if (!reporting) {
      if (document.fullscreenElement === this.section) document.exitFullscreen();
      if (previous) {
        if (announce) this.announcer.say(this.strings.report_over);
        this.onChange(false);
      }
      return;
    }
    this.title.textContent = format(this.strings.report_title, reporting);
    this.frame.textContent = reporting.frame_title;
    this.list.replaceChildren(
      ...reporting.notes.map((note) => {
        const item = document.createElement("li");
        item.textContent = note.text;
        if (note.goal_conflict) {
          const tag = document.createElement("strong");
          tag.className = "note__tag";
          tag.textContent = this.strings.goal_conflict;
          item.append(" ", tag);
        }
        return item;
      }),
    );
    this.empty.hidden = reporting.notes.length > 0;
    if (previous?.group !== reporting.group) {
      if (announce) this.announcer.say(format(this.strings.report_now, reporting));
      this.onChange(true, { moved: Boolean(previous) || announce });
    }
  }
}
