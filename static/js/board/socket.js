// A WebSocket that comes back by itself, with growing pauses, until told to stop.

const THROTTLED = 4429;

// The pause before attempt number `attempt` (from 0): doubling from half a second up to 15,
// up to half of it cut off at random so that a room full of browsers does not come back at
// one instant, and never ending before `notBefore`.
export function reconnectDelay(
  attempt,
  { notBefore = 0, now = Date.now(), random = Math.random() } = {},
) {
  const backoff = Math.min(15000, 500 * 2 ** attempt) * (0.5 + random / 2);
  return Math.max(backoff, notBefore - now);
}

// Closed for sending too much: come back once the bar the server names (seconds, as the close
// reason) has run out; before then every attempt would only be turned away.
export function throttledUntil(reason, now = Date.now()) {
  return now + (Number(reason) || 30) * 1000;
}

export class ReconnectingSocket {
  constructor(path, { onOpen, onMessage, onClose }) {
    this.path = path;
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    this.onClose = onClose;
    this.attempt = 0;
    this.notBefore = 0;
    this.stopped = false;
    this.ws = null;
    this.timer = null;
    window.addEventListener("online", () => this.retryNow());
    // Browsers may keep a dead socket for a long time after the network goes.
    window.addEventListener("offline", () => this.abandon());
    this.connect();
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}${this.path}`;
  }

  connect() {
    this.timer = null;
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.attempt = 0;
      this.onOpen();
    });
    ws.addEventListener("message", (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onMessage(data);
    });
    ws.addEventListener("close", (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (event.code === THROTTLED) {
        this.attempt = Math.max(this.attempt, 4);
        this.notBefore = throttledUntil(event.reason);
      }
      const again = this.onClose(event.code);
      if (again !== false && !this.stopped) this.schedule();
    });
  }

  schedule() {
    const delay = reconnectDelay(this.attempt, { notBefore: this.notBefore });
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  abandon() {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    ws.close();
    const again = this.onClose(1006);
    if (again !== false && !this.stopped) this.schedule();
  }

  retryNow() {
    if (this.ws || this.stopped || !this.timer || Date.now() < this.notBefore) return;
    clearTimeout(this.timer);
    this.connect();
  }

  get isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(message) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close();
  }
}
