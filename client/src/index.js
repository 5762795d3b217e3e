// Entry point of the browser bundle: starts the runtime on the page's
// tether root and exposes window.Tether.

import { Runtime } from "./runtime.js";

/** @type {any} */
const w = window;
/** @type {any} */
const T = (w.Tether = w.Tether || {});
T.hooks = T.hooks || {};
/**
 * @param {string} action
 * @param {Record<string, any>} [data]
 */
T.pushEvent = (action, data) => T.runtime?.pushEvent(action, data);
T.disconnect = () => T.runtime?.disconnect();
/** @param {string} selector focuses the first match inside the root */
T.focus = (selector) => T.runtime?.focus(selector);
Object.defineProperty(T, "connection", {
  configurable: true,
  get: () => (T.runtime ? T.runtime.state : "disconnected"),
});

function boot() {
  const root = document.querySelector("[data-tether-root]");
  if (T.runtime || !root) return;
  T.runtime = new Runtime(root, { hooks: () => T.hooks || {} });
  T.runtime.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
