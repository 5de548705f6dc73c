// Phase and time left. The server sends state ("ends at T"), never ticks; this ticks locally
// and announces changes once: a new phase, pause, resume, more time, five minutes left, time up.
import { formatDuration, timeLeft } from "./clock.js";
import { format } from "./util.js";

const FIVE_MINUTES = 5 * 60 * 1000;

// The sentence that says what the facilitator changed; "" when nothing worth saying did.
export function changeAnnouncement(previous, state, { strings: s, clock }) {
  const phaseChanged = state.phase && previous.phase?.id !== state.phase.id;
  if (state.status === "finished" && previous.status !== "finished") return s.finished;
  if (phaseChanged) {
    const phrase = state.phase.minutes === 1 ? s.phase_changed_one : s.phase_changed;
    return format(phrase, state.phase);
  }
  if (previous.paused_remaining == null && state.paused_remaining != null) return s.paused;
  if (previous.paused_remaining != null && state.paused_remaining == null) return s.resumed;
  if (
    (state.ends_at ?? 0) > (previous.ends_at ?? 0) ||
    (state.paused_remaining ?? 0) > (previous.paused_remaining ?? 0)
  ) {
    const left = timeLeft(state, clock);
    return format(s.extended, { time: formatDuration(left ?? 0) });
  }
  return "";
}

// The sentence for a running clock that has just crossed five minutes left or the end
// (milliseconds left at the last tick and now); "" for every other tick.
export function crossingAnnouncement(lastLeft, left, strings) {
  if (lastLeft > FIVE_MINUTES && left <= FIVE_MINUTES && left > 0) {
    return format(strings.minutes_left, { minutes: 5 });
  }
  if (lastLeft > 0 && left <= 0) return strings.time_up;
  return "";
}

export class Timer {
  constructor(root, { clock, strings, announcer }) {
    this.clock = clock;
    this.strings = strings;
    this.announcer = announcer;
    this.phase = root.querySelector('[data-slot="phase"]');
    this.left = root.querySelector('[data-slot="time-left"]');
    this.paused = root.querySelector('[data-slot="paused"]');
    this.state = null;
    this.lastLeft = null;
    setInterval(() => this.tick(), 500);
  }

  update(state, { announce = true } = {}) {
    const previous = this.state;
    this.state = state;
    const s = this.strings;
    if (state.phase) {
      this.phase.textContent = format(s.phase, state.phase);
    } else {
      this.phase.textContent = state.status === "finished" ? s.finished : s.not_started;
    }
    this.paused.hidden = state.paused_remaining == null;
    if (announce && previous) this.announceChange(previous, state);
    if (!previous || previous.phase?.id !== state.phase?.id) this.lastLeft = null;
    this.tick();
  }

  announceChange(previous, state) {
    const text = changeAnnouncement(previous, state, { strings: this.strings, clock: this.clock });
    if (text) this.announcer.say(text);
  }

  tick() {
    const left = timeLeft(this.state, this.clock);
    this.left.textContent = left == null ? "–" : formatDuration(left);
    this.left.classList.toggle("timer__left--over", left != null && left <= 0);
    const running = this.state && this.state.paused_remaining == null;
    // Only a crossing is announced, never the state found on loading the page.
    if (running && left != null && this.lastLeft != null) {
      const text = crossingAnnouncement(this.lastLeft, left, this.strings);
      if (text) this.announcer.say(text);
    }
    this.lastLeft = left;
  }
}
