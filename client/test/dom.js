// Test helpers: a happy-dom window installed as the global browser
// environment (the runtime's modules use browser globals), a fake
// WebSocket and an in-memory Storage.

import { after, afterEach } from "node:test";
import { Window } from "happy-dom";

export const win = new Window({ url: "https://app.test/page?q=1", width: 1024, height: 768 });

// Browser classes that Node also defines: the DOM must get its own.
const replace = new Set(["Event", "CustomEvent", "EventTarget", "AbortController", "AbortSignal", "FormData", "MessageEvent", "DOMException"]);
// Node's timers and clock stay, so node:test's mock timers drive them.
const keep = new Set(["setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "Date", "console", "performance", "constructor", "globalThis", "global", "undefined", "NaN", "Infinity", "eval"]);

const names = new Set();
for (let o = win; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) for (const k of Object.getOwnPropertyNames(o)) names.add(k);
for (const k of names) {
  if (keep.has(k) || (k in globalThis && !replace.has(k))) continue;
  const v = win[k];
  try {
    Object.defineProperty(globalThis, k, { value: typeof v == "function" && !/^[A-Z]/.test(k) ? v.bind(win) : v, configurable: true, writable: true });
  } catch {
    // read-only global
  }
}
globalThis.window = win;
globalThis.document = win.document;

/** Empties the document and resets the URL. */
export function reset(html = "") {
  document.head.innerHTML = "";
  document.body.innerHTML = html;
  history.replaceState(null, "", "https://app.test/page?q=1");
}

/** A sessionStorage stand-in. */
export class MemoryStorage {
  constructor() {
    this.m = new Map();
  }
  getItem(k) {
    return this.m.has(k) ? this.m.get(k) : null;
  }
  setItem(k, v) {
    this.m.set(k, String(v));
  }
  removeItem(k) {
    this.m.delete(k);
  }
}

/** A WebSocket stand-in driven by the test. */
export class FakeSocket {
  /** @type {FakeSocket[]} */
  static all = [];
  static get last() {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.bufferedAmount = 0;
    this.sent = [];
    this.closedByClient = false;
    FakeSocket.all.push(this);
  }
  send(s) {
    if (this.readyState !== 1) throw new Error("not open");
    this.sent.push(JSON.parse(s));
  }
  close() {
    this.closedByClient = true;
    this.readyState = 3;
  }
  // Test side.
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data) {
    this.onmessage?.({ data: typeof data == "string" || data instanceof ArrayBuffer ? data : JSON.stringify(data) });
  }
  serverClose(code, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

let current;

/**
 * Builds a root with settings and body, and a runtime on it (not started
 * unless start is true).
 */
export async function setup(body = "", { attrs = "", start = true, storage = new MemoryStorage(), hooks = {}, reload } = {}) {
  const { Runtime } = await import("../src/runtime.js");
  current?.stop();
  reset(`<div data-tether-root data-tether-session="SID" data-tether-retry="100" data-tether-max-retry="1000" data-tether-backoff="2" data-tether-jitter="off" data-tether-heartbeat="20000" data-tether-debounce="300" data-tether-transition="50" data-tether-toast="1000" data-tether-flash="1000" ${attrs}>${body}</div>`);
  FakeSocket.all = [];
  const root = document.querySelector("[data-tether-root]");
  const reloads = [];
  const rt = new Runtime(root, { WebSocket: FakeSocket, storage, hooks, reload: reload || (() => reloads.push(1)), url: "wss://app.test/page?q=1" });
  current = rt;
  if (start) rt.start();
  return { rt, root, storage, reloads, sock: () => FakeSocket.last };
}

/** The events a socket carried after its connect frame. */
export const events = (s) => s.sent.filter((f) => f.t !== "connect");

/**
 * Enables node:test's mock timers for a test. The last runtime stops
 * first: its real timers could not be cleared once timers are mocked.
 */
export function mockTimers(t) {
  current?.stop();
  current = null;
  t.mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"] });
}

afterEach(() => {
  current?.stop();
  current = null;
});

after(() => {
  win.happyDOM.abort();
  win.close();
});
