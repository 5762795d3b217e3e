// The WebSocket connection: opening, reconnecting with exponential
// backoff, and spotting dead connections.

/**
 * @typedef {object} Timing
 * @property {number} retry first reconnect delay, ms
 * @property {number} maxRetry largest reconnect delay, ms
 * @property {number} backoff multiplier per attempt
 * @property {boolean} jitter scale delays by a random factor in [0.5, 1)
 * @property {number} heartbeat server ping interval, ms; 0 when off
 */

/**
 * @typedef {object} Handlers
 * @property {(ws: WebSocket) => void} open the socket is open: send the connect frame
 * @property {(data: string | ArrayBuffer) => void} message
 * @property {(code: number, reason: string) => boolean} close the socket closed; return whether to reconnect
 * @property {() => void} stable the connection has stayed open a while
 */

/** How long a connection must stay open to count as working, ms. */
export const STABLE_MS = 5000;

/**
 * The delay before reconnect attempt number attempt (0 first).
 * @param {number} attempt
 * @param {Timing} t
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, t, random = Math.random) {
  const d = Math.min(t.retry * Math.pow(t.backoff, attempt), t.maxRetry);
  return t.jitter ? d * (0.5 + random() / 2) : d;
}

/**
 * The WebSocket URL for a page: the page URL itself with a ws scheme.
 * @param {{protocol: string, host: string, pathname: string, search: string}} loc
 */
export function socketURL(loc) {
  return (loc.protocol === "https:" ? "wss:" : "ws:") + "//" + loc.host + loc.pathname + loc.search;
}

export class Connection {
  /**
   * @param {string} url
   * @param {Timing} timing
   * @param {Handlers} h
   * @param {{WebSocket?: typeof WebSocket, random?: () => number}} [env]
   */
  constructor(url, timing, h, env = {}) {
    this.url = url;
    this.t = timing;
    this.h = h;
    this.WS = env.WebSocket || WebSocket;
    this.random = env.random || Math.random;
    /** @type {WebSocket | null} */
    this.ws = null;
    this.attempt = 0;
    this.stopped = false;
    /** @type {any} */
    this.timer = 0;
    /** @type {any} */
    this.stableTimer = 0;
    /** @type {any} */
    this.watch = 0;
    this.last = Date.now();
    /** @type {number | null} */
    this.hiddenAt = null;
  }

  /** Opens a connection now, dropping any current one without notice. */
  open() {
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.stopped) return;
    this.detach();
    let ws;
    try {
      ws = new this.WS(this.url);
    } catch {
      this.closed(1006, "");
      return;
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      this.last = Date.now();
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
        this.h.stable();
      }, STABLE_MS);
      this.h.open(ws);
    };
    ws.onmessage = (e) => {
      this.last = Date.now();
      this.attempt = 0;
      this.h.message(e.data);
    };
    ws.onclose = (e) => this.closed(e.code, e.reason);
    if (this.t.heartbeat > 0 && !this.watch) {
      this.watch = setInterval(() => this.check(), this.t.heartbeat);
    }
  }

  /** @returns {boolean} the socket is open */
  get isOpen() {
    return !!this.ws && this.ws.readyState === 1;
  }

  /** Detaches the current socket, closing it, without calling handlers. */
  detach() {
    const ws = this.ws;
    clearTimeout(this.stableTimer);
    if (!ws) return;
    this.ws = null;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
  }

  /**
   * @param {number} code
   * @param {string} reason
   */
  closed(code, reason) {
    this.detach();
    if (this.h.close(code, reason || "") && !this.stopped) this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), backoffDelay(this.attempt++, this.t, this.random));
  }

  /** Drops the connection as if the network failed; it reconnects. */
  drop() {
    if (this.ws) this.closed(1006, "");
  }

  /**
   * Checks that the connection is alive. A missing or closed socket
   * reconnects at once; force replaces even an open one.
   * @param {boolean} [force]
   */
  probe(force) {
    if (this.stopped) return;
    const ws = this.ws;
    if (ws && ws.readyState === 0 && !force) return; // still connecting
    if (ws && ws.readyState === 1 && !force) {
      // Data that cannot drain for two heartbeats means a dead link.
      if (ws.bufferedAmount > 0 && this.silent()) force = true;
      else return;
    }
    this.attempt = 0;
    if (ws) {
      this.detach();
      this.h.close(1006, "");
    }
    this.open();
  }

  silent() {
    return this.t.heartbeat > 0 && Date.now() - this.last > 2 * this.t.heartbeat;
  }

  check() {
    if (this.silent()) this.probe();
  }

  /**
   * Reacts to the page being hidden or shown again.
   * @param {boolean} hidden
   */
  visibility(hidden) {
    if (hidden) {
      this.hiddenAt = Date.now();
      return;
    }
    const away = this.hiddenAt == null ? 0 : Date.now() - this.hiddenAt;
    this.hiddenAt = null;
    this.probe(away > (this.t.heartbeat > 0 ? 2 * this.t.heartbeat : 60000));
  }

  /** Closes for good: no reconnects. */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.watch);
    this.detach();
  }

  /**
   * Sends a text frame; false when the socket is not open.
   * @param {string} s
   */
  send(s) {
    if (!this.isOpen) return false;
    try {
      /** @type {WebSocket} */ (this.ws).send(s);
      return true;
    } catch {
      return false;
    }
  }
}
