// The server's clock as seen from this browser: every screen computes the time left from
// the server's "ends at", so a wrong local clock must not change what it shows.

export class ServerClock {
  // `localNow` reads this browser's clock in milliseconds.
  constructor({ localNow = () => Date.now() } = {}) {
    this.localNow = localNow;
    this.offset = 0;
    this.bestRoundTrip = Infinity;
  }

  now() {
    return this.localNow() + this.offset;
  }

  // A first guess from a state message, until a measured round trip replaces it.
  guess(serverNow) {
    if (this.bestRoundTrip === Infinity && typeof serverNow === "number") {
      this.offset = serverNow - this.localNow();
    }
  }

  // NTP's idea: the server read its clock about half-way through the round trip; the
  // shortest round trip gives the best estimate.
  measured(sentAt, serverNow) {
    const receivedAt = this.localNow();
    const roundTrip = receivedAt - sentAt;
    if (roundTrip < 0 || roundTrip >= this.bestRoundTrip) return;
    this.bestRoundTrip = roundTrip;
    this.offset = serverNow - (sentAt + receivedAt) / 2;
  }

  forgetMeasurements() {
    this.bestRoundTrip = Infinity;
  }
}

export function timeLeft(state, clock) {
  if (!state) return null;
  if (state.paused_remaining != null) return state.paused_remaining;
  if (state.ends_at != null) return state.ends_at - clock.now();
  return null;
}

export function formatDuration(milliseconds) {
  const total = Math.max(0, Math.ceil(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  if (hours) return `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`;
  return `${minutes}:${seconds}`;
}
