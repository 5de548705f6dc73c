// Delivers the board's commands. Each is kept in the outbox until the server acknowledges it,
// sent at once while the board is in step with the server, and sent again, in order, every
// time the board gets back in step after a reconnect. An acknowledgement that comes late or
// twice finds nothing left to take.

export class Courier {
  // `send` hands a command to the socket; `ready` says whether the board is in step with the
  // server; `newRef` makes the reference the server's answer will name.
  constructor({ outbox, send, ready, newRef }) {
    this.outbox = outbox;
    this.send = send;
    this.ready = ready;
    this.newRef = newRef;
  }

  submit(command) {
    command.ref ??= this.newRef();
    this.outbox.add(command);
    if (this.ready()) this.send(command);
    return command;
  }

  resendAll() {
    for (const command of this.outbox.items) this.send(command);
  }

  // The command the server answered, the first time only; undefined for a repeat.
  settle(ref) {
    return this.outbox.take(ref);
  }

  pendingCreates() {
    return this.outbox.items.filter((item) => item.type === "note.create");
  }

  get size() {
    return this.outbox.size;
  }
}
