// The facilitator's overview: live counts per frame and of goal conflicts, who is connected,
// each group's status, the time left and the group reporting back, from the same events the
// boards get.
import { ServerClock } from "./clock.js";
import { applyGroupEvent, countsByFrame, groupsFromOverview } from "./overview.js";
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
  store.groups = groupsFromOverview(overview);
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
  const counts = countsByFrame(group, store.frames);
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
  const outcome = applyGroupEvent(group, event);
  if (!outcome) return;
  if (outcome.gap) socket.send({ type: "sync" });
  if (outcome.membersChanged) refreshGroups();
  if (event.type === "group" && event.leader_change) {
    const text = format(strings.leader_change_in, {
      number: event.state.number,
      text: leaderChangeText(event.leader_change, strings),
    });
    const line = document.querySelector('[data-slot="leader-change"]');
    line.textContent = text;
    line.hidden = false;
    announcer.say(text);
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
