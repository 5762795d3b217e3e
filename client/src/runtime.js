// The runtime of one tether root: it connects, applies updates, sends
// events and keeps loading, signal and hook state.

import { KeyIndex, applyListOp, applyPatch } from "./apply.js";
import { decodeCBOR } from "./cbor.js";
import { directiveTypes, handleDirectives } from "./directives.js";
import { applyEffects, injectStyles, q } from "./effects.js";
import { Limiter, WINDOW_TYPES, handleEvent, handleWindowEvent } from "./events.js";
import { Hooks } from "./hooks.js";
import { morph } from "./morph.js";
import { OfflineQueue } from "./offline.js";
import * as P from "./protocol.js";
import { applyBindings } from "./signals.js";
import { Connection, socketURL } from "./socket.js";
import { Banner, showOverlay } from "./status.js";
import { setTransitionTimeout } from "./transition.js";

/** DOM events bound by data-tether-TYPE attributes. */
const EVENT_TYPES = ["click", "dblclick", "submit", "input", "change", "keydown", "keyup", "focus", "blur"];
/** Elements a click disables while its event is unanswered. */
const DISABLE = /^(BUTTON|INPUT|SELECT|TEXTAREA|FIELDSET)$/;
/** sessionStorage key set while a reload is under way. */
export const RELOAD_KEY = "tether:reload";
/** How long a resync may wait for its root morph before reconnecting, ms. */
export const RESYNC_MS = 5000;
/** The most distinct unsafe URLs a page reports to the server. */
export const MAX_REFUSED = 20;
/** Close codes that end the session for good: reload (once). */
const SESSION_LOST = [P.CloseReload, P.CloseBinding];
/** Close codes that report a broken frame or protocol. */
const BROKEN = [P.CloseMalformed, P.ClosePolicy, P.CloseTooLarge, P.CloseProtocol];

/**
 * @typedef {object} Config
 * @property {string} session
 * @property {number} retry
 * @property {number} maxRetry
 * @property {number} backoff
 * @property {boolean} jitter
 * @property {number} heartbeat
 * @property {number} debounce
 * @property {number} transition
 * @property {number} flash
 * @property {number} toast
 * @property {string | null} nonce
 * @property {number} banner ms disconnected before the banner shows; -1 when off
 * @property {boolean} dev DevMode: errors from the server show an overlay
 */

/**
 * Reads the settings the server writes on the root.
 * @param {Element} root
 * @returns {Config}
 */
export function readConfig(root) {
  /** @param {string} n */
  const a = (n) => root.getAttribute("data-tether-" + n);
  /**
   * @param {string} n
   * @param {number} d
   */
  const num = (n, d) => {
    const v = parseFloat(/** @type {string} */ (a(n)));
    return v >= 0 ? v : d;
  };
  return {
    session: a("session") || "",
    retry: Math.max(num("retry", 500), 10), // never a tight reconnect loop
    maxRetry: num("max-retry", 10000),
    backoff: num("backoff", 1.5),
    jitter: a("jitter") !== "off",
    heartbeat: num("heartbeat", 0),
    debounce: num("debounce", 300),
    transition: num("transition", 5000),
    flash: num("flash", 5000),
    toast: num("toast", 5000),
    nonce: a("nonce"),
    banner: a("banner") === "off" ? -1 : num("banner-delay", 1000),
    dev: a("dev") != null,
  };
}

/**
 * @typedef {object} Env
 * @property {typeof WebSocket} [WebSocket]
 * @property {() => number} [random]
 * @property {Storage | null} [storage] defaults to sessionStorage
 * @property {() => void} [reload] defaults to location.reload
 * @property {string} [url] defaults to the page URL with a ws scheme
 * @property {Record<string, any> | (() => Record<string, any>)} [hooks] the hook registry, or a function returning it
 * @property {number} [queueSize]
 */

/** @returns {Storage | null} */
function session() {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

export class Runtime {
  /**
   * @param {Element} root
   * @param {Env} [env]
   */
  constructor(root, env = {}) {
    this.root = root;
    this.env = env;
    this.cfg = readConfig(root);
    this.debounce = this.cfg.debounce;
    this.storage = env.storage !== undefined ? env.storage : session();
    this.sid = this.cfg.session;
    // The page's HTML is the state before update 1, whatever was stored.
    this.seq = 0;
    this.eventId = 0;
    /** the highest event ID acknowledged */
    this.acked = 0;
    /** @type {"connecting" | "connected" | "disconnected" | "closed"} */
    this.state = "connecting";
    this.ready = false;
    this.down = false;
    this.failed = false;
    this.reloading = false;
    this.queue = new OfflineQueue(env.queueSize || 100);
    /**
     * Events sent but not yet acknowledged, by ID: resent after a
     * reconnect, since their answer may have been lost with the
     * connection. The server handles each ID once.
     * @type {Map<number, string>}
     */
    this.unacked = new Map();
    /** @type {Map<string, any>} */
    this.signals = new Map();
    /** @type {any[]} */
    this.updates = [];
    this.frame = false;
    /** @type {Map<number, Element>} */
    this.loadIds = new Map();
    /** @type {Map<Element, {n: number, dis: boolean | null}>} */
    this.loadEls = new Map();
    this.limiter = new Limiter();
    /** @type {Set<string>} */
    this.listened = new Set();
    this.ac = new AbortController();
    /** @type {any} */
    this.errTimer = 0;
    const reg = env.hooks;
    this.hooks = new Hooks(
      typeof reg == "function" ? /** @type {() => Record<string, any>} */ (reg) : () => reg || {},
      (a, d) => this.push("push", a, d, null),
      (sel) => this.focus(sel),
    );
    this.banner = new Banner(this.cfg.banner);
    /**
     * The event ID of the resync asked for, while patches are ignored
     * until a root morph arrives; 0 when in step with the server.
     */
    this.resyncID = 0;
    /** @type {any} */
    this.resyncTimer = 0;
    /** @type {Map<number, HTMLFormElement>} submitted forms by event ID, until acked */
    this.forms = new Map();
    /** @type {Set<string>} unsafe URLs already reported */
    this.refused = new Set();
    /** @type {Element | null} an inserted element with autofocus */
    this.autofocus = null;
    this.sig = {
      /** @param {string} n */
      get: (n) => this.signals.get(n),
      /**
       * @param {string} n
       * @param {any} v
       */
      set: (n, v) => {
        this.signals.set(n, v);
        this.bindings();
      },
    };
    this.ops = {
      /**
       * @param {Element} el
       * @param {string} html
       */
      morph: (el, html) => this.morph(el, html, false),
      /** @param {Element} el */
      updated: (el) => this.hooks.updated(el),
      removed: () => this.hooks.sync(document),
    };
    /** @param {Element} el */
    this.added = (el) => {
      if (!this.autofocus) this.autofocus = el.matches("[autofocus]") ? el : el.querySelector("[autofocus]");
    };
    this.conn = new Connection(
      env.url || socketURL(location),
      this.cfg,
      {
        open: (ws) => this.opened(ws),
        message: (d) => this.message(d),
        close: (c, r) => this.closed(c, r),
        stable: () => this.clearGuard(),
      },
      env,
    );
  }

  /** Listens, mounts hooks and connects. */
  start() {
    const signal = this.ac.signal;
    /**
     * @param {EventTarget} t
     * @param {string} type
     * @param {(e: any) => void} f
     * @param {boolean} [capture]
     */
    const on = (t, type, f, capture = false) => t.addEventListener(type, f, { signal, capture });
    setTransitionTimeout(this.cfg.transition);
    injectStyles(this.cfg.nonce);
    this.setState("connecting");
    for (const t of EVENT_TYPES) this.listen(t);
    for (const t of WINDOW_TYPES) on(window, t, (e) => handleWindowEvent(e, this, this.limiter));
    on(window, "popstate", () => this.navigate(location.pathname + location.search));
    on(document, "visibilitychange", () => {
      if (document.hidden) this.flushUpdates();
      this.conn.visibility(document.hidden);
    });
    on(window, "online", () => this.conn.probe());
    on(window, "pageshow", (e) => e.persisted && this.conn.probe());
    on(window, "load", () => this.sweep());
    this.sweep();
    this.conn.open();
  }

  /** Stops listening and closes the connection for good. */
  stop() {
    clearTimeout(this.resyncTimer);
    this.ac.abort();
    this.conn.stop();
  }

  /**
   * Delegates events of type from the document: directives first, then
   * the server event bound to it.
   * @param {string} type
   */
  listen(type) {
    if (this.listened.has(type)) return;
    this.listened.add(type);
    const core = EVENT_TYPES.includes(type);
    document.addEventListener(
      type,
      (e) => {
        handleDirectives(e, this.sig);
        if (core) handleEvent(e, this, this.limiter);
      },
      // Capture for events that do not bubble (focus, mouseenter...).
      { signal: this.ac.signal, capture: !core || type === "focus" || type === "blur" },
    );
  }

  /**
   * Sets the connection state and the root's class for it:
   * tether-connecting until the first connection opens, tether-connected
   * while one is open, tether-disconnected from a loss until the next
   * opens (reconnect attempts included) and once the runtime gave up.
   * @param {"connecting" | "connected" | "disconnected" | "closed"} s
   */
  setState(s) {
    this.state = s;
    const c = this.root.classList;
    c.toggle("tether-connecting", s === "connecting");
    c.toggle("tether-connected", s === "connected");
    c.toggle("tether-disconnected", s === "disconnected" || s === "closed");
    this.banner.update(s);
  }

  /**
   * Sends an event, or queues it while no connection is ready.
   * @param {string} type
   * @param {string | undefined} action
   * @param {Record<string, any>} data
   * @param {Element | null} el the element shown as loading until the ack
   * @param {boolean} [disable] also disable el (a form control) meanwhile
   * @returns {number} the EventID
   */
  push(type, action, data, el, disable) {
    const i = ++this.eventId;
    /** @type {import("./offline.js").EventFrame} */
    const f = frame(type, action, data, i);
    if (el) this.setLoading(i, el, !!disable);
    if (type === "submit" && el) this.forms.set(i, /** @type {HTMLFormElement} */ (el));
    const json = JSON.stringify(f);
    if (this.ready && this.conn.send(json)) this.unacked.set(i, json);
    else {
      const dropped = this.queue.push(f);
      if (dropped) {
        this.unload(dropped[P.KeyEventID]);
        this.error("offline queue full: an event was dropped");
      }
    }
    return i;
  }

  /**
   * Sends an application event (window.Tether.pushEvent, hooks).
   * @param {string} action
   * @param {Record<string, any>} [data]
   */
  pushEvent(action, data = {}) {
    return this.push("push", action, data, null);
  }

  /** @param {string} url path and query of the new location */
  navigate(url) {
    this.push(P.EventNavigate, undefined, { url }, null);
  }

  /**
   * Focuses the first element sel matches in the root.
   * @param {string} sel
   */
  focus(sel) {
    q(sel, this.root)?.focus();
  }

  /**
   * Refuses an unsafe URL from the server: a console warning and, once
   * per URL and for at most MAX_REFUSED URLs, a warn event the server
   * turns into a diagnostic.
   * @param {string} where the effect or binding that carried it
   * @param {string} url
   */
  refuse(where, url) {
    const detail = where + ": " + url;
    console.warn("tether: refused unsafe URL in " + detail);
    if (this.refused.has(detail) || this.refused.size >= MAX_REFUSED) return;
    this.refused.add(detail);
    this.push(P.EventWarn, undefined, { kind: P.WarnUnsafeURL, detail }, null);
  }

  /**
   * Asks the server for a root morph after an update failed to apply;
   * patches are ignored until it arrives.
   * @param {string} reason
   */
  resync(reason) {
    console.warn("tether: resync:", reason);
    if (this.resyncID) return;
    this.resyncID = this.push(P.EventResync, undefined, { reason }, null);
    this.armResync();
  }

  /** Reconnects if the root morph a resync asked for does not come. */
  armResync() {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => this.resyncID && this.conn.drop(), RESYNC_MS);
  }

  /** Drops the connection as if the network failed. */
  disconnect() {
    this.conn.drop();
  }

  /** @param {WebSocket} ws */
  opened(ws) {
    /** @type {Record<string, any>} */
    const d = {};
    if (this.sid) d.session = this.sid;
    d.seq = this.seq;
    ws.send(JSON.stringify(frame(P.EventConnect, undefined, d)));
    // Events whose ack was lost with the last connection go again, in
    // order, then those raised while offline; the server ignores IDs it
    // has already handled, so each is handled exactly once.
    for (const json of this.unacked.values()) ws.send(json);
    // A resync acknowledged without its root morph is asked for again.
    if (this.resyncID && this.resyncID <= this.acked) {
      const i = (this.resyncID = ++this.eventId);
      this.queue.push(frame(P.EventResync, undefined, { reason: "no root morph after resync" }, i));
    }
    if (this.resyncID) this.armResync();
    for (const f of this.queue.drain()) {
      const json = JSON.stringify(f);
      ws.send(json);
      this.unacked.set(f[P.KeyEventID], json);
    }
    this.ready = true;
    this.setState("connected");
    if (this.down) {
      this.down = false;
      this.hooks.all("reconnected");
    }
  }

  /**
   * @param {number} code
   * @param {string} reason
   * @returns {boolean} whether to reconnect
   */
  closed(code, reason) {
    this.ready = false;
    if (this.state === "connected") {
      this.down = true;
      this.hooks.all("disconnected");
    }
    if (this.reloading || this.failed) return false;
    this.setState("disconnected");
    // Only a server that answers can say the session is gone; anything
    // else, CloseRestart (1012) and a server that is down included,
    // reconnects with backoff and never reloads onto a dead port.
    if (SESSION_LOST.includes(code)) {
      if (!this.reload()) this.fail(reason || "session lost");
      return false;
    }
    if (BROKEN.includes(code)) this.error(reason || "connection closed: " + code);
    return true;
  }

  /**
   * Gives up: no more reconnects, nothing left loading, tether-error kept.
   * @param {string} msg
   */
  fail(msg) {
    this.failed = true;
    this.conn.stop();
    for (const i of [...this.loadIds.keys()]) this.unload(i);
    this.setState("closed");
    this.error(msg);
  }

  /**
   * Reloads the page unless a reload already happened and the page did
   * not work since (the guard in sessionStorage), so it never loops.
   * @returns {boolean} whether the page is reloading
   */
  reload() {
    if (this.reloading) return true;
    const st = this.storage;
    try {
      if (!st || st.getItem(RELOAD_KEY)) return false;
      st.setItem(RELOAD_KEY, "1");
    } catch {
      return false;
    }
    this.reloading = true;
    this.conn.stop();
    (this.env.reload || (() => location.reload()))();
    return true;
  }

  /** The page works: a later lost session may reload again. */
  clearGuard() {
    try {
      this.storage?.removeItem(RELOAD_KEY);
    } catch {
      // storage unavailable
    }
  }

  /**
   * Surfaces an error: a tether:error event on the root and, for a while,
   * the tether-error class.
   * @param {string} msg
   */
  error(msg) {
    console.warn("tether:", msg);
    const r = this.root;
    r.dispatchEvent(new CustomEvent("tether:error", { bubbles: true, detail: { message: msg } }));
    r.classList.add("tether-error");
    clearTimeout(this.errTimer);
    this.errTimer = setTimeout(() => this.failed || r.classList.remove("tether-error"), this.cfg.toast);
  }

  /**
   * Receives a frame: JSON text or CBOR binary.
   * @param {string | ArrayBuffer} data
   */
  message(data) {
    let u;
    try {
      u = typeof data == "string" ? JSON.parse(data) : decodeCBOR(data);
    } catch {
      return this.error("malformed update");
    }
    if (!u || typeof u != "object") return;
    const s = Number(u[P.KeySeq]) || 0;
    if (s > 0) {
      if (s <= this.seq) return; // a duplicate
      this.seq = s;
    }
    if (u[P.KeySession]) this.sid = String(u[P.KeySession]);
    if (s > 0 && !u[P.KeyReload]) this.clearGuard();
    this.updates.push(u);
    this.schedule();
  }

  /** Applies queued updates on the next frame, or now if hidden. */
  schedule() {
    if (document.hidden || typeof requestAnimationFrame != "function") return this.flushUpdates();
    if (this.frame) return;
    this.frame = true;
    requestAnimationFrame(() => {
      this.frame = false;
      this.flushUpdates();
    });
  }

  flushUpdates() {
    const all = this.updates;
    this.updates = [];
    for (const u of all) this.apply(u);
  }

  /**
   * Applies one update: reload, error, then the DOM (root, list ops,
   * patches), signals, ack and effects. A failure applying the DOM asks
   * for a resync; until its root morph arrives, list ops and patches are
   * ignored.
   * @param {Record<string, any>} u
   */
  apply(u) {
    if (u[P.KeyReload]) {
      if (this.reload()) return;
      return this.fail(u[P.KeyError] || "session lost");
    }
    if (u[P.KeyError]) this.serverError(String(u[P.KeyError]));
    this.autofocus = null;
    try {
      this.applyDOM(u);
    } catch (e) {
      this.resync(String((e && /** @type {any} */ (e).message) || e));
    }
    const g = u[P.KeySignals];
    if (g && typeof g == "object") for (const k in g) this.signals.set(k, g[k]);
    if (u[P.KeyAck]) this.ack(Number(u[P.KeyAck]));
    this.sweep();
    if (this.autofocus?.isConnected) /** @type {any} */ (this.autofocus).focus();
    const fx = u[P.KeyEffects];
    try {
      if (fx && typeof fx == "object") applyEffects(fx, this.cfg, this.root, (w, url) => this.refuse(w, url));
    } catch (e) {
      console.error("tether: effect failed", e);
    }
  }

  /** @param {Record<string, any>} u */
  applyDOM(u) {
    const root = this.root;
    if (typeof u[P.KeyRoot] == "string") {
      this.morph(root, u[P.KeyRoot], true);
      this.resyncID = 0;
      clearTimeout(this.resyncTimer);
    }
    if (this.resyncID) return; // waiting for the root morph
    const ix = new KeyIndex(root);
    const l = u[P.KeyList];
    if (Array.isArray(l)) for (const op of l) for (const el of applyListOp(ix, op, this.ops)) this.added(el);
    const p = u[P.KeyPatches];
    if (Array.isArray(p)) for (const x of p) applyPatch(ix, x, this.ops);
  }

  /**
   * An update failed on the server (e): in DevMode the error overlay
   * shows it; always a tether:error event and the tether-error class.
   * @param {string} msg
   */
  serverError(msg) {
    if (this.cfg.dev) showOverlay(msg);
    this.error(msg);
  }

  /**
   * @param {Element} el
   * @param {string} html
   * @param {boolean} inner
   */
  morph(el, html, inner) {
    morph(el, html, inner, {
      updated: (e) => this.hooks.updated(e),
      removed: () => this.hooks.sync(document),
      added: this.added,
      morphing: (e, next) => {
        // A control disabled while loading gets the server's latest
        // disabled state back on the ack.
        const st = this.loadEls.get(e);
        if (st && st.dis !== null) st.dis = next.hasAttribute("disabled");
      },
    });
  }

  /** Brings bindings, hooks, loading states and listeners up to date. */
  sweep() {
    this.bindings();
    this.hooks.sync(document);
    for (const [el, st] of this.loadEls) this.mark(el, st);
    for (const t of directiveTypes(document)) this.listen(t);
  }

  /** Applies the signals to their bound elements, refusing unsafe URLs. */
  bindings() {
    applyBindings(document, this.signals, (w, url) => this.refuse(w, url));
  }

  /**
   * @param {number} i
   * @param {Element} el
   * @param {boolean} disable
   */
  setLoading(i, el, disable) {
    this.loadIds.set(i, el);
    let st = this.loadEls.get(el);
    if (!st) {
      st = { n: 0, dis: disable && DISABLE.test(el.tagName) ? /** @type {any} */ (el).disabled : null };
      this.loadEls.set(el, st);
    }
    st.n++;
    this.mark(el, st);
  }

  /**
   * @param {Element} el
   * @param {{dis: boolean | null}} st
   */
  mark(el, st) {
    el.classList.add("tether-loading");
    if (st.dis !== null) /** @type {any} */ (el).disabled = true;
  }

  /** @param {number} i */
  unload(i) {
    const el = this.loadIds.get(i);
    if (!el) return;
    this.loadIds.delete(i);
    const st = this.loadEls.get(el);
    if (!st || --st.n > 0) return;
    this.loadEls.delete(el);
    el.classList.remove("tether-loading");
    if (st.dis !== null) /** @type {any} */ (el).disabled = st.dis;
  }

  /**
   * The server answered every event up to a.
   * @param {number} a
   */
  ack(a) {
    this.acked = Math.max(this.acked, a);
    for (const i of [...this.loadIds.keys()]) if (i <= a) this.unload(i);
    for (const i of this.unacked.keys()) if (i <= a) this.unacked.delete(i);
    for (const [i, form] of this.forms) {
      if (i > a) continue;
      this.forms.delete(i);
      resetFields(form);
    }
  }
}

/**
 * An event frame: type, action (if any), data and, but for connect, ID.
 * @param {string} type
 * @param {string | undefined} action
 * @param {Record<string, any>} data
 * @param {number} [i]
 * @returns {import("./offline.js").EventFrame}
 */
function frame(type, action, data, i) {
  /** @type {any} */
  const f = { [P.KeyEventType]: type, [P.KeyEventData]: data };
  if (i) f[P.KeyEventID] = i;
  if (action) f[P.KeyEventAction] = action;
  return f;
}

/**
 * Gives a submitted form's fields the values the server rendered last
 * (their defaults), the field being typed in included: an app clears an
 * input by clearing its state.
 * @param {HTMLFormElement} form
 */
export function resetFields(form) {
  for (const f of /** @type {any[]} */ ([...form.elements])) {
    if (f.closest("[data-tether-ignore]")) continue;
    if (f.type === "checkbox" || f.type === "radio") f.checked = f.defaultChecked;
    else if (f.localName === "select") for (const o of f.options) o.selected = o.defaultSelected;
    else if ((f.localName === "textarea" || (f.localName === "input" && f.type !== "file")) && f.value !== f.defaultValue) f.value = f.defaultValue;
  }
}
