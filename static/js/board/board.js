// A breakout group's live board. The server orders every change: events carry the group's
// sequence number and are applied in that order, whatever order they arrive in; on every
// (re)connect the board asks for what it missed since the last number it applied.
import { ServerClock } from "./clock.js";
import { Courier } from "./courier.js";
import { enableDragging } from "./drag.js";
import { FrameTabs } from "./frame-tabs.js";
import { nextIndex } from "./keys.js";
import { NoteMenus } from "./note-menu.js";
import { NoteStore, editNote, markGoalConflict, moveNote, pendingNote, voteOnNote } from "./note-store.js";
import { charsLeft, textLength, textProblem } from "./note-text.js";
import { NoteRenderer, cloneWithKey, noteKey, pendingKey } from "./notes.js";
import { Outbox } from "./outbox.js";
import { ReportView } from "./report.js";
import { Sequencer } from "./sequencer.js";
import { ReconnectingSocket } from "./socket.js";
import { Timer } from "./timer.js";
import { Announcer, format, leaderChangeText, randomId, readJSON } from "./util.js";
import { Zoom } from "./zoom.js";

const TIME_PINGS = 3;

const config = readJSON("board-config");
const strings = readJSON("board-strings");
const initial = readJSON("board-state");
const root = document.querySelector("[data-board]");
const slot = (name, scope = root) => scope.querySelector(`[data-slot="${name}"]`);

const announcer = new Announcer(slot("announcer"));
const clock = new ServerClock();
const timer = new Timer(root.querySelector("[data-timer]"), { clock, strings, announcer });
const renderer = new NoteRenderer({
  template: document.getElementById("note-template"),
  strings,
  config,
});
const editTemplate = document.getElementById("edit-template");
const menus = new NoteMenus(root);
const tabs = new FrameTabs(slot("tabs"), root.querySelectorAll("[data-panel]"));
const zoom = new Zoom({ viewport: slot("viewport"), canvas: slot("canvas"), level: slot("zoom-level") });
const report = new ReportView(root.querySelector("[data-report]"), {
  strings,
  announcer,
  onChange(reporting) {
    // The board steps aside while a group reports. Focus inside what is hidden would fall to
    // the page's start, so it moves to what is shown instead.
    const layout = slot("layout");
    const section = root.querySelector("[data-report]");
    slot("views").hidden = reporting;
    const lost = (area) => area.contains(document.activeElement) || document.activeElement === document.body;
    if (reporting) {
      const move = lost(layout);
      layout.hidden = true;
      if (move) section.focus();
    } else {
      const move = lost(section);
      layout.hidden = false;
      if (move) document.getElementById("main")?.focus();
    }
  },
});
const messageKey = `larlabb.message.${config.session}`;

const store = {
  sessionSeq: -1,
  session: null,
  group: initial.group_state,
  notes: new NoteStore(),
  synced: false,
};
const sequencer = new Sequencer({
  seq: initial.seq,
  apply: applyEvent,
  requestSync: (since) => socket.send({ type: "sync", since }),
});
const courier = new Courier({
  outbox: new Outbox(`larlabb.board.${config.group}.${config.member}`),
  send: (command) => socket.send(command),
  ready: () => store.synced,
  newRef: randomId,
});

// --- Drawing notes -------------------------------------------------------------------------

function frameSection(frameId) {
  return root.querySelector(`[data-frame="${frameId}"]`);
}

function noteElement(key) {
  return document.getElementById(`note-${key}`);
}

// A frame's empty line, its tab's count, how many notes wide it is, and which of its notes
// is the one Tab stop (roving tabindex: the arrow keys move between the others).
function refreshEmpty(section) {
  if (!section) return;
  const notes = [...section.querySelector("[data-notes]").children];
  slot("empty", section).hidden = notes.length > 0;
  tabs.count(section.dataset.frame, notes.length);
  section.dataset.columns = String(Math.max(2, Math.min(4, Math.ceil(notes.length / 2))));
  const stop = notes.find((note) => note.tabIndex === 0) ?? notes[0];
  for (const note of notes) note.tabIndex = note === stop ? 0 : -1;
}

function place(element, note) {
  const section = frameSection(note.frame);
  if (!section) return;
  const list = section.querySelector("[data-notes]");
  const created = Number(element.dataset.created);
  const before = [...list.children].find(
    (other) => other !== element && Number(other.dataset.created) > created,
  );
  if (element.parentElement === list && element.nextElementSibling === (before ?? null)) return;
  const oldSection = element.closest("[data-frame]");
  const hadFocus = element.contains(document.activeElement);
  const focused = document.activeElement;
  list.insertBefore(element, before ?? null);
  if (hadFocus) (focused.isConnected ? focused : element).focus();
  refreshEmpty(oldSection);
  refreshEmpty(section);
}

function drawNote(note, { pending = false } = {}) {
  const key = noteKey(note);
  let element = noteElement(key);
  if (!element) {
    element = renderer.create(note);
  } else {
    renderer.fill(element, note, { pending });
  }
  place(element, note);
  return element;
}

function eraseNote(key) {
  const element = noteElement(key);
  if (!element) return;
  const editor = element.querySelector('[data-form="edit"]');
  if (editor) {
    // Someone removed the note while its writer was changing it: keep what they typed.
    element.dataset.gone = "true";
    showProblem(editor, strings.gone_while_editing);
    return;
  }
  const section = element.closest("[data-frame]");
  element.remove();
  refreshEmpty(section);
}

// --- Applying what the server says -----------------------------------------------------------

function applyNote(note, seq) {
  if (!store.notes.accept(note, seq)) return;
  eraseNote(pendingKey(note));
  if (note.deleted) eraseNote(String(note.id));
  else drawNote(note);
}

function applyEvent(event) {
  if (event.type === "note") applyNote(event.note, event.seq);
  else if (event.type === "group") applyGroup(event.state, event.leader_change);
}

function applyState(state) {
  const keep = new Set(state.notes.map((note) => note.id));
  for (const id of store.notes.keepOnly(keep)) eraseNote(String(id));
  for (const element of root.querySelectorAll("[data-notes] > [data-note]")) {
    if (element.dataset.note && !keep.has(Number(element.dataset.note))) eraseNote(element.dataset.note);
  }
  sequencer.reset(state.seq);
  for (const note of state.notes) applyNote(note, state.seq);
  applyGroup(state.group_state);
  applySession(state.session, state.session_seq);
  sequencer.drain();
}

function applyCatchup(catchup) {
  sequencer.catchUp(catchup.events);
  applySession(catchup.session, catchup.session_seq);
  sequencer.drain();
}

function applySession(state, seq, { announce = true } = {}) {
  if (seq < store.sessionSeq) return;
  const previous = store.session;
  store.sessionSeq = seq;
  store.session = state;
  clock.guess(state.server_now);
  timer.update(state, { announce: announce && previous != null });
  report.update(state.reporting, { announce: announce && previous != null });
  slot("hidden-notice").hidden = !state.hidden || config.facilitator;
  if (announce && previous?.hidden && !state.hidden) announcer.say(strings.revealed);
  const message = state.message;
  slot("message").hidden = !message;
  if (message) {
    slot("message-text").textContent = message.text;
    const seen = Number(sessionStorage.getItem(messageKey) || 0);
    if (message.sent_at > seen) {
      sessionStorage.setItem(messageKey, String(message.sent_at));
      if (previous) announcer.say(format(strings.message, message));
    }
  }
}

function applyGroup(state, change) {
  const previousLeader = store.group?.leader;
  store.group = state;
  const members = slot("members");
  members.replaceChildren(
    ...state.members.map((member) => {
      const item = document.createElement("li");
      let text = member.name;
      if (member.organisation) text += `, ${member.organisation}`;
      if (member.id === state.leader) text += ` (${strings.leader})`;
      text += ` – ${member.online ? strings.online : strings.not_online}`;
      item.textContent = text;
      return item;
    }),
  );
  const nobody = document.createElement("li");
  nobody.className = "people__nobody";
  nobody.textContent = strings.nobody;
  slot("people").replaceChildren(
    ...(state.members.length ? [] : [nobody]),
    ...state.members.map((member) => {
      const item = document.createElement("li");
      item.className = `people__person${member.online ? " people__person--online" : ""}`;
      const status = document.createElement("span");
      status.className = "visually-hidden";
      status.textContent = ` – ${member.online ? strings.online : strings.not_online}`;
      item.append(member.name, status);
      return item;
    }),
  );
  const leader = state.members.find((member) => member.id === state.leader);
  slot("leader-status").textContent = leader
    ? format(strings.leader_now, { name: leader.name })
    : strings.no_leader;
  if (change) {
    // Who changed the leader, in a line everyone in the group sees and hears.
    const line = slot("leader-change");
    line.textContent = leaderChangeText(change, strings);
    line.hidden = false;
    announcer.say(line.textContent);
  } else if (leader && previousLeader !== undefined && previousLeader !== state.leader) {
    announcer.say(format(strings.leader_now, { name: leader.name }));
  }
  if (config.facilitator) {
    const select = slot("leader-select");
    if (document.activeElement !== select) {
      select.replaceChildren(
        new Option(strings.no_leader_option, "", false, state.leader === null),
        ...state.members.map((member) => new Option(member.name, member.id, false, member.id === state.leader)),
      );
    }
  } else {
    // A member takes the role while nobody has it, and the leader may step down.
    const mine = state.leader === config.member;
    slot("take-lead").hidden = state.leader !== null;
    slot("step-down").hidden = !mine;
    slot("leader-help").hidden = state.leader === null || mine;
    slot("member-lead").hidden = !slot("leader-help").hidden;
  }
  slot("summary-status").textContent = state.summary_done ? strings.summary_done : strings.summary_open;
  slot("ready-status").textContent = state.ready_to_report ? strings.ready : strings.not_ready;
  slot("lead-controls").hidden = !(config.facilitator || state.leader === config.member);
  root.querySelector('[data-action="summary"]').setAttribute("aria-pressed", String(state.summary_done));
  root.querySelector('[data-action="ready"]').setAttribute("aria-pressed", String(state.ready_to_report));
}

// --- Talking to the server -------------------------------------------------------------------

function showConnection() {
  let text;
  if (!socket.isOpen) text = strings.offline;
  else if (!store.synced) text = strings.connecting;
  else text = strings.connected;
  if (courier.size === 1) text += ` ${strings.queued_one}`;
  else if (courier.size) text += ` ${format(strings.queued, { count: courier.size })}`;
  slot("connection").textContent = text;
  root.classList.toggle("board--offline", !socket.isOpen);
}

function submit(command) {
  courier.submit(command);
  showConnection();
  return command;
}

function flushOutbox() {
  courier.resendAll();
  showConnection();
}

function onAck(message) {
  const command = courier.settle(message.ref);
  for (const note of [message.note, ...(message.extra ?? [])]) {
    if (note && !store.notes.has(note.id)) applyNote(note, sequencer.seq);
  }
  if (command?.type === "note.create") announcer.say(strings.saved);
  else if (command?.type === "note.update") {
    announcer.say(message.conflict ? strings.conflict : strings.updated);
  }
  showConnection();
}

function onError(message) {
  if (message.code === "throttled") {
    setTimeout(flushOutbox, 2000);
    return;
  }
  const command = message.ref ? courier.settle(message.ref) : null;
  announcer.say(message.message);
  if (command?.type === "note.create") {
    // Nothing typed is lost: the text goes back into the frame's form, with the reason.
    eraseNote(pendingKey(command));
    openNewForm(command.frame, command.text, message.message);
  } else if (command?.type === "note.update" && message.code === "gone") {
    eraseNote(String(command.note));
    createFromText(command.frame, command.text, command.colour);
    announcer.say(strings.saved_as_new);
  } else if (command?.type === "note.update") {
    openEditor(command.note, command.text, message.message);
  }
  // Undo what was shown before the server refused it.
  if (command) socket.send({ type: "sync" });
  showConnection();
}

const socket = new ReconnectingSocket(config.socket, {
  onOpen() {
    store.synced = false;
    clock.forgetMeasurements();
    for (let i = 0; i < TIME_PINGS; i++) {
      setTimeout(() => socket.send({ type: "time", t0: Date.now() }), i * 400);
    }
    socket.send({ type: "sync", since: sequencer.seq });
    showConnection();
  },
  onMessage(message) {
    switch (message.type) {
      case "state":
      case "catchup":
        if (message.type === "state") applyState(message);
        else applyCatchup(message);
        if (!store.synced) {
          store.synced = true;
          flushOutbox();
        }
        showConnection();
        break;
      case "note":
      case "group":
      case "skip":
        sequencer.receive(message);
        break;
      case "session":
        applySession(message.state, message.seq);
        break;
      case "time":
        clock.measured(message.t0, message.now);
        timer.tick();
        break;
      case "ack":
        onAck(message);
        break;
      case "error":
        onError(message);
        break;
      case "moved":
        announcer.say(
          message.number ? format(strings.moved_group, message) : strings.moved_waiting,
        );
        socket.stop();
        setTimeout(() => location.assign(config.home), 1500);
        break;
    }
  },
  onClose(code) {
    store.synced = false;
    if (code === 4403 || code === 4404) {
      slot("connection").textContent = strings.forbidden;
      return false;
    }
    showConnection();
    return code !== 4000;
  },
});

// --- What people do --------------------------------------------------------------------------

function checkText(text) {
  return textProblem(text, { maxLength: config.max_length, strings });
}

function showCount(form) {
  const textarea = form.querySelector("textarea");
  const error = slot("error", form);
  const over = textLength(textarea.value) > config.max_length;
  slot("count", form).textContent = format(strings.chars_left, {
    left: charsLeft(textarea.value, config.max_length),
  });
  error.hidden = !over;
  error.textContent = over ? checkText(textarea.value) : "";
  textarea.setAttribute("aria-invalid", String(over));
}

function showProblem(form, problem) {
  const error = slot("error", form);
  error.textContent = problem;
  error.hidden = !problem;
  form.querySelector("textarea").setAttribute("aria-invalid", String(Boolean(problem)));
  if (problem) form.querySelector("textarea").focus();
}

function openNewForm(frameId, text = null, problem = "") {
  const section = frameSection(frameId);
  const form = section.querySelector('[data-form="new"]');
  const button = section.querySelector('[data-action="new"]');
  form.hidden = false;
  button.setAttribute("aria-expanded", "true");
  const textarea = form.querySelector("textarea");
  if (text != null) textarea.value = text;
  showCount(form);
  if (problem) showProblem(form, problem);
  textarea.focus();
}

function closeNewForm(form) {
  const section = form.closest("[data-frame]");
  const button = section.querySelector('[data-action="new"]');
  form.hidden = true;
  button.setAttribute("aria-expanded", "false");
  button.focus();
}

function createNote(form) {
  const section = form.closest("[data-frame]");
  const textarea = form.querySelector("textarea");
  const problem = checkText(textarea.value);
  if (problem) {
    showProblem(form, problem);
    return;
  }
  createFromText(
    Number(section.dataset.frame),
    textarea.value.trim(),
    form.querySelector("select").value,
  );
  textarea.value = "";
  showProblem(form, "");
  closeNewForm(form);
  if (!socket.isOpen) announcer.say(strings.offline);
}

function drawPending(command) {
  drawNote(pendingNote(command, { member: config.member, name: config.name }), { pending: true });
}

function noteOf(element) {
  const li = element.closest("[data-note]");
  return li?.dataset.note ? store.notes.get(Number(li.dataset.note)) : null;
}

function openEditor(noteId, text = null, problem = "") {
  const note = store.notes.get(noteId);
  const li = noteElement(String(noteId));
  if (!note || !li) return;
  let form = li.querySelector('[data-form="edit"]');
  if (!form) {
    form = cloneWithKey(editTemplate, String(noteId));
    form.dataset.version = String(note.version);
    li.querySelector('[data-slot="text"]').after(form);
    li.querySelector('[data-slot="text"]').hidden = true;
    form.querySelector("textarea").value = note.text;
    form.querySelector("select").value = note.colour;
  }
  if (text != null) form.querySelector("textarea").value = text;
  showCount(form);
  showProblem(form, problem);
  form.querySelector("textarea").focus();
}

function closeEditor(form) {
  const li = form.closest("[data-note]");
  li.querySelector('[data-slot="text"]').hidden = false;
  form.remove();
  li.focus();
}

function createFromText(frame, text, colour) {
  const clientId = randomId();
  const command = submit({
    type: "note.create",
    ref: clientId,
    client_id: clientId,
    frame,
    text,
    colour,
  });
  drawPending(command);
}

function saveEdit(form) {
  const li = form.closest("[data-note]");
  const note = store.notes.get(Number(li.dataset.note));
  const textarea = form.querySelector("textarea");
  const problem = checkText(textarea.value);
  if (problem) {
    showProblem(form, problem);
    return;
  }
  if (!note || li.dataset.gone) {
    const frame = Number(li.closest("[data-frame]").dataset.frame);
    li.remove();
    createFromText(frame, textarea.value.trim(), form.querySelector("select").value);
    frameSection(frame).querySelector('[data-action="new"]').focus();
    return;
  }
  const edit = editNote(note, {
    text: textarea.value.trim(),
    colour: form.querySelector("select").value,
    version: Number(form.dataset.version),
  });
  submit(edit.command);
  store.notes.show(edit.note);
  closeEditor(form);
  drawNote(edit.note);
}

function deleteNote(note) {
  submit({ type: "note.delete", note: note.id });
  store.notes.hide(note.id);
  eraseNote(String(note.id));
  const section = frameSection(note.frame);
  const undo = slot("undo", section);
  slot("undo-text", undo).textContent = strings.deleted;
  undo.dataset.note = String(note.id);
  undo.hidden = false;
  store.lastDeleted = note;
  undo.querySelector("button").focus();
}

function undoDelete(undo) {
  const note = store.lastDeleted;
  undo.hidden = true;
  if (!note || String(note.id) !== undo.dataset.note) return;
  submit({ type: "note.restore", note: note.id });
  store.notes.show(note);
  drawNote(note).focus();
  announcer.say(strings.restored);
}

// The board's own change to a note: sent, and shown at once.
function showOwnChange({ command, note }) {
  submit(command);
  store.notes.show(note);
  return drawNote(note);
}

function moveToFrame(note, target) {
  if (target === note.frame) return null;
  const element = showOwnChange(moveNote(note, target));
  announcer.say(format(strings.moved_to, { frame: config.frames[String(target)] }));
  return element;
}

// A note dropped on another frame moves there; dropped where it was, it goes back in place.
function dropNote(element, list) {
  const note = noteOf(element);
  if (!note) return;
  const target = Number(list.closest("[data-frame]").dataset.frame);
  if (target === note.frame) {
    drawNote(note);
    announcer.say(strings.move_cancelled);
  } else {
    moveToFrame(note, target);
  }
  refreshEmpty(frameSection(note.frame));
  refreshEmpty(frameSection(target));
}

function toggleGoalConflict(note) {
  const marking = markGoalConflict(note);
  showOwnChange(marking);
  announcer.say(marking.note.goal_conflict ? strings.goal_conflict_on : strings.goal_conflict_off);
}

// --- The outline: the same notes as text, frames as headings -------------------------------

const outline = slot("outline");
const framesView = slot("frames");
const viewport = slot("viewport");
let outlineQueued = false;

function outlineItem(element) {
  const read = (name) => element.querySelector(`[data-slot="${name}"]`);
  const parts = [read("author").textContent];
  if (!read("goal-conflict").hidden) parts.push(strings.goal_conflict);
  const votes = Number(read("votes").textContent);
  if (votes) parts.push(`+1: ${votes}`);
  if (!read("pending").hidden) parts.push(read("pending").textContent.replace(/^\s*·\s*/, ""));
  return { text: read("text").textContent, meta: `– ${parts.join(", ")}` };
}

// Items are kept and changed in place, so a screen reader's place in the list survives.
function renderOutline() {
  outlineQueued = false;
  for (const section of framesView.querySelectorAll("[data-frame]")) {
    const list = outline.querySelector(`[data-outline="${section.dataset.frame}"]`);
    if (!list) continue;
    const existing = new Map([...list.children].map((item) => [item.dataset.key, item]));
    const items = [...section.querySelectorAll("[data-notes] > li")].map((element) => {
      const { text, meta } = outlineItem(element);
      // The same shape as the server draws: the text and a space, then the details.
      let item = existing.get(element.id);
      if (!item) {
        item = document.createElement("li");
        item.dataset.key = element.id;
        const details = document.createElement("span");
        details.className = "outline__meta";
        item.append(document.createTextNode(""), details);
      }
      if (item.firstChild.nodeValue !== `${text} `) item.firstChild.nodeValue = `${text} `;
      if (item.lastChild.textContent !== meta) item.lastChild.textContent = meta;
      return item;
    });
    items.forEach((item, index) => {
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
    });
    while (list.children.length > items.length) list.lastElementChild.remove();
    list.nextElementSibling.hidden = items.length > 0;
  }
}

new MutationObserver(() => {
  if (outlineQueued) return;
  outlineQueued = true;
  requestAnimationFrame(renderOutline);
}).observe(framesView, {
  subtree: true,
  childList: true,
  characterData: true,
  attributes: true,
  attributeFilter: ["hidden"],
});

function showView(view) {
  const asOutline = view === "outline";
  outline.hidden = !asOutline;
  viewport.hidden = asOutline;
  slot("zoom").hidden = asOutline;
  for (const link of root.querySelectorAll("[data-view]")) {
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const url = new URL(location.href);
  if (asOutline) url.searchParams.set("visning", "disposition");
  else url.searchParams.delete("visning");
  history.replaceState(null, "", url);
  announcer.say(asOutline ? strings.outline_shown : strings.board_shown);
  if (asOutline) outline.focus();
}

root.addEventListener("click", (event) => {
  const link = event.target.closest("[data-view]");
  if (link) {
    event.preventDefault();
    showView(link.dataset.view);
    return;
  }
  const button = event.target.closest("[data-action]");
  if (!button || !root.contains(button)) return;
  const action = button.dataset.action;
  const note = noteOf(button);
  const li = button.closest("[data-note]");
  switch (action) {
    case "new":
      openNewForm(button.closest("[data-frame]").dataset.frame);
      break;
    case "cancel": {
      const form = button.closest("form");
      if (form.dataset.form === "edit") closeEditor(form);
      else closeNewForm(form);
      break;
    }
    case "menu":
      menus.toggle(li);
      break;
    case "edit":
      menus.close({ focus: false });
      if (note) openEditor(note.id);
      break;
    case "delete":
      menus.close({ focus: false });
      if (note) deleteNote(note);
      break;
    case "undo":
      undoDelete(button.closest('[data-slot="undo"]'));
      break;
    case "move":
      menus.close({ focus: false });
      if (note) {
        tabs.select(button.dataset.to);
        moveToFrame(note, Number(button.dataset.to))?.focus();
      }
      break;
    case "vote":
      menus.close();
      if (note) showOwnChange(voteOnNote(note, config.member));
      break;
    case "goal-conflict":
      menus.close();
      if (note) toggleGoalConflict(note);
      break;
    case "zoom-in":
      zoom.step(1);
      break;
    case "zoom-out":
      zoom.step(-1);
      break;
    case "zoom-fit":
      zoom.fit();
      break;
    case "take-lead":
      submit({ type: "group.leader", member: config.member });
      break;
    case "step-down":
      submit({ type: "group.leader", member: null });
      break;
    case "summary":
    case "ready": {
      const on = button.getAttribute("aria-pressed") !== "true";
      submit(action === "summary" ? { type: "group.summary", done: on } : { type: "group.ready", ready: on });
      break;
    }
  }
});

root.addEventListener("submit", (event) => {
  const form = event.target;
  event.preventDefault();
  if (form.dataset.form === "new") createNote(form);
  else if (form.dataset.form === "edit") saveEdit(form);
  else if (form.dataset.form === "leader") {
    const value = form.querySelector("select").value;
    submit({ type: "group.leader", member: value ? Number(value) : null });
  }
});

root.addEventListener("input", (event) => {
  const form = event.target.closest(".note-form");
  if (form && event.target.matches("textarea")) showCount(form);
});

// Writing a note: Enter saves, Shift+Enter starts a new line, Escape cancels.
root.addEventListener("keydown", (event) => {
  const form = event.target.closest(".note-form");
  if (!form) return;
  if (event.key === "Escape") {
    if (form.dataset.form === "edit") closeEditor(form);
    else closeNewForm(form);
  } else if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.target.matches("textarea")) {
    event.preventDefault();
    form.requestSubmit();
  }
});

// On a note: arrows move to the frame's other notes, Enter, Space or the menu key open its menu.
root.addEventListener("keydown", (event) => {
  const note = event.target;
  if (!note.matches?.("[data-notes] > [data-note]")) return;
  if (event.key === "Enter" || event.key === " " || event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
    event.preventDefault();
    menus.open(note);
    return;
  }
  const notes = [...note.parentElement.children];
  const index = nextIndex(notes.indexOf(note), notes.length, event.key);
  if (index == null) return;
  event.preventDefault();
  note.tabIndex = -1;
  notes[index].tabIndex = 0;
  notes[index].focus();
  notes[index].scrollIntoView({ block: "nearest", inline: "nearest" });
});

// The note last focused in a frame is the frame's Tab stop.
root.addEventListener("focusin", (event) => {
  const note = event.target;
  if (!note.matches?.("[data-notes] > [data-note]")) return;
  for (const other of note.parentElement.children) other.tabIndex = other === note ? 0 : -1;
});

// Zoom keys, on the canvas only and never while writing: plus, minus and 0 (the whole board).
viewport.addEventListener("keydown", (event) => {
  if (event.target.closest("form, [role=menu]") || event.ctrlKey || event.metaKey || event.altKey) return;
  const step = { "+": 1, "=": 1, "-": -1 }[event.key];
  if (step) zoom.step(step);
  else if (event.key === "0") zoom.fit();
  else return;
  event.preventDefault();
});

// The skip links at the top open a frame's new note directly.
for (const link of document.querySelectorAll("[data-new-in]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    if (viewport.hidden) showView("board");
    tabs.select(link.dataset.newIn);
    openNewForm(link.dataset.newIn);
  });
}

// A double click on a frame's empty space starts a note there, as on other whiteboards.
framesView.addEventListener("dblclick", (event) => {
  const section = event.target.closest("[data-frame]");
  if (!section || event.target.closest("[data-note], form, button")) return;
  openNewForm(section.dataset.frame);
});

// Notes a synthesis cites arrive as ?markera=…: bring the first into view and say how many.
function showMarkedNotes() {
  const marked = config.marked ?? [];
  if (!marked.length) return;
  const first = document.getElementById(`note-${marked[0]}`);
  if (first) {
    first.scrollIntoView({ block: "center" });
    first.focus();
  }
  announcer.say(
    marked.length === 1 ? strings.marked_one : format(strings.marked, { count: marked.length }),
  );
}

// --- Start -----------------------------------------------------------------------------------

for (const note of initial.notes) {
  store.notes.accept(note, initial.seq);
  drawNote(note);
}
for (const command of courier.pendingCreates()) drawPending(command);
applySession(initial.session, initial.session_seq, { announce: false });
renderOutline();
for (const section of root.querySelectorAll("[data-frame]")) refreshEmpty(section);
for (const control of root.querySelectorAll("button[disabled]")) control.disabled = false;
enableDragging(root.querySelectorAll("[data-notes]"), {
  onStart: () => announcer.say(strings.picked_up),
  onDrop: dropNote,
});
slot("zoom").hidden = viewport.hidden;
zoom.enablePanning((target) => target === viewport || target === slot("canvas") || target === framesView);
if (zoom.active) zoom.fit();
showConnection();
showMarkedNotes();
