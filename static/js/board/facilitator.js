// The facilitator's overview: live counts per frame and of goal conflicts, who is connected,
// each group's status, the time left and the group reporting back, from the same events the
// boards get.
import { ServerClock } from "./clock.js";
import { ReportView } from "./report.js";
import { ReconnectingSocket } from "./socket.js";
import { Timer } from "./timer.js";
import { Announcer, format, leaderChangeText, readJSON } from "./util.js";

const config = readJSON("facilitator-config");
const strings = readJSON("board-strings");
const initial = readJSON("overview-state");
const announcer = new Announcer(document.querySelector('[data-slot="announcer"]'));
const clock = new ServerClock();
const timer = new Timer(document.querySelector("[data-timer]"), { clock, strings, announcer });
const report = new ReportView(document.querySelector("[data-report]"), { strings, announcer });

const store = { groups: new Map(), frames: [], sessionSeq: -1 };

function loadOverview(overview) {
  store.frames = overview.frames;
  store.groups = new Map(
    Object.entries(overview.groups).map(([id, group]) => [
      Number(id),
      {
        seq: group.seq,
        state: group.state,
        notes: new Map(Object.entries(group.notes).map(([note, frame]) => [Number(note), frame])),
        conflicts: new Set(group.conflicts),
      },
    ]),
  );
  applySession(overview.session, overview.session_seq);
  for (const id of store.groups.keys()) drawGroup(id);
}

function setText(selector, text) {
  const element = document.querySelector(selector);
  if (element && element.textContent !== text) element.textContent = text;
}

function drawGroup(id) {
  const group = store.groups.get(id);
  if (!group) return;
  const counts = new Map(store.frames.map((frame) => [frame, 0]));
  for (const frame of group.notes.values()) counts.set(frame, (counts.get(frame) ?? 0) + 1);
  for (const [frame, count] of counts) setText(`[data-count="${id}-${frame}"]`, String(count));
  setText(`[data-total="${id}"]`, String(group.notes.size));
  setText(`[data-conflicts="${id}"]`, String(group.conflicts.size));
  const online = group.state.members.filter((member) => member.online).length;
  setText(
    `[data-online="${id}"]`,
    format(strings.online_count, { online, total: group.state.members.length }),
  );
  setText(
    `[data-status="${id}"]`,
    `${group.state.summary_done ? strings.summary_done : strings.summary_open} ${
      group.state.ready_to_report ? strings.ready_short : strings.not_ready_short
    }`,
  );
}

function applySession(state, seq) {
  if (seq < store.sessionSeq) return;
  const first = store.sessionSeq < 0;
  store.sessionSeq = seq;
  clock.guess(state.server_now);
  timer.update(state, { announce: !first });
  report.update(state.reporting, { announce: !first });
}

function sameMembers(a, b) {
  const ids = (state) => state.members.map((member) => member.id).join(",");
  return ids(a) === ids(b) && a.leader === b.leader;
}

let refreshing = false;

// Group membership is drawn by the server; fetch the table again unless someone is using it.
async function refreshGroups({ force = false } = {}) {
  const container = document.getElementById("groups");
  const notice = document.querySelector('[data-slot="groups-changed"]');
  if (!container || refreshing) return;
  if (!force && container.contains(document.activeElement)) {
    notice.hidden = false;
    return;
  }
  refreshing = true;
  try {
    const response = await fetch(container.dataset.groupsUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const template = document.createElement("template");
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.getElementById("groups");
    if (fresh) container.replaceWith(fresh);
    notice.hidden = true;
    socket.send({ type: "sync" });
  } finally {
    refreshing = false;
  }
}

function onGroupEvent(event) {
  const group = store.groups.get(event.group);
  if (!group) {
    refreshGroups();
    return;
  }
  if (event.seq <= group.seq) return;
  if (event.seq > group.seq + 1) socket.send({ type: "sync" });
  group.seq = event.seq;
  if (event.type === "note") {
    if (event.note.deleted) group.notes.delete(event.note.id);
    else group.notes.set(event.note.id, event.note.frame);
    if (event.note.goal_conflict && !event.note.deleted) group.conflicts.add(event.note.id);
    else group.conflicts.delete(event.note.id);
  } else if (event.type === "group") {
    const changed = !sameMembers(group.state, event.state);
    group.state = event.state;
    if (changed) refreshGroups();
    if (event.leader_change) {
      const text = format(strings.leader_change_in, {
        number: event.state.number,
        text: leaderChangeText(event.leader_change, strings),
      });
      const line = document.querySelector('[data-slot="leader-change"]');
      line.textContent = text;
      line.hidden = false;
      announcer.say(text);
    }
  }
  drawGroup(event.group);
}

const socket = new ReconnectingSocket(config.socket, {
  onOpen() {
    clock.forgetMeasurements();
    for (let i = 0; i < 3; i++) setTimeout(() => socket.send({ type: "time", t0: Date.now() }), i * 400);
    socket.send({ type: "sync" });
  },
  onMessage(message) {
    switch (message.type) {
      case "overview":
        loadOverview(message);
        break;
      case "note":
      case "group":
        onGroupEvent(message);
        break;
      case "session":
        applySession(message.state, message.seq);
        if (message.moves) refreshGroups();
        break;
      case "time":
        clock.measured(message.t0, message.now);
        timer.tick();
        break;
    }
  },
  onClose(code) {
    return code !== 4403 && code !== 4404;
  },
});

document.addEventListener("click", (event) => {
  if (event.target.closest('[data-action="refresh-groups"]')) refreshGroups({ force: true });
});

loadOverview(initial);
