// Effects: title, history URL, toasts, flash notes, announcements,
// scrolling, downloads and focus; and the minimal styles of the runtime's
// own UI.

import { CLIENT_TAG } from "./morph.js";
import * as P from "./protocol.js";
import { safeURL } from "./url.js";

// Zero-specificity rules (:where), so any page rule overrides them.
const CSS =
  ":where(.tether-toasts){position:fixed;z-index:2147483647;right:1rem;bottom:1rem;display:flex;flex-direction:column;gap:.5rem;max-width:calc(100vw - 2rem)}" +
  ":where(.tether-toast){padding:.75rem 1rem;border-radius:.375rem;background:#222;color:#fff;box-shadow:0 2px 8px #0004;cursor:pointer}" +
  ":where(.tether-flash){display:block;margin:.25rem 0;padding:.25rem .5rem;border-radius:.25rem;background:#fff3cd;color:#533f03;font-size:.875em}" +
  ":where(.tether-announce){position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}" +
  ":where(.tether-loading){cursor:progress}" +
  ":where(.tether-banner){position:fixed;z-index:2147483647;top:0;left:0;right:0;padding:.5rem 1rem;background:#b45309;color:#fff;text-align:center;font:14px/1.4 system-ui,sans-serif}" +
  ":where(.tether-error-overlay){position:fixed;z-index:2147483647;inset:1rem;overflow:auto;padding:1rem 1.5rem;border:3px solid #b91c1c;border-radius:.5rem;background:#fff;color:#111;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 4px 24px #0006}" +
  ":where(.tether-error-overlay button){float:right;font:inherit;cursor:pointer}";

/**
 * Adds the runtime's styles: a constructable stylesheet when the browser
 * has them (CSP-friendly), else a <style> carrying nonce.
 * @param {string | null} nonce
 */
export function injectStyles(nonce) {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(CSS);
    document.adoptedStyleSheets = [s, ...document.adoptedStyleSheets];
  } catch {
    const st = document.createElement("style");
    if (nonce) st.nonce = nonce;
    st.textContent = CSS;
    document.head.prepend(st);
  }
}

/**
 * @param {string} tag
 * @param {string} cls
 */
export function make(tag, cls) {
  const el = document.createElement(tag);
  el.className = cls;
  return el;
}

/**
 * The first element sel matches under scope; null for a bad selector.
 * @param {string} sel
 * @param {ParentNode} [scope]
 * @returns {any}
 */
export function q(sel, scope = document) {
  try {
    return scope.querySelector(sel);
  } catch {
    return null;
  }
}

/** @type {HTMLElement | null} */
let toasts = null;

/**
 * Shows text in a toast for ms.
 * @param {string} text
 * @param {number} ms
 */
export function toast(text, ms) {
  if (!toasts || !toasts.isConnected) {
    toasts = make("div", "tether-toasts");
    toasts.setAttribute("aria-live", "polite");
    document.body.append(toasts);
  }
  const t = make("div", "tether-toast");
  t.setAttribute("role", "status");
  t.textContent = text;
  t.onclick = () => t.remove();
  toasts.append(t);
  setTimeout(() => t.remove(), ms);
}

/** @type {WeakMap<Element, {note: Element, timer: any}>} */
const flashes = new WeakMap();

/**
 * Shows text for ms in the element sel matches: after it for a field,
 * inside it otherwise.
 * @param {string} sel
 * @param {string} text
 * @param {number} ms
 */
export function flash(sel, text, ms) {
  const el = q(sel);
  if (!el) return;
  let f = flashes.get(el);
  if (f && f.note.isConnected) clearTimeout(f.timer);
  else {
    const note = make(CLIENT_TAG, "tether-flash");
    note.setAttribute("role", "status");
    /^(INPUT|SELECT|TEXTAREA|BUTTON|IMG)$/.test(el.tagName) ? el.after(note) : el.append(note);
    f = { note, timer: 0 };
    flashes.set(el, f);
  }
  const note = f.note;
  note.textContent = text;
  f.timer = setTimeout(() => note.remove(), ms);
}

/** @type {HTMLElement | null} */
let live = null;

/**
 * Reads text out through a polite live region.
 * @param {string} text
 */
export function announce(text) {
  if (!live || !live.isConnected) {
    live = make("div", "tether-announce");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    document.body.append(live);
  }
  const region = live;
  // Cleared first, so the same message twice is announced twice.
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}

/**
 * Downloads url through a temporary <a download>.
 * @param {string} url
 */
export function download(url) {
  const a = document.createElement("a");
  a.href = url;
  a.download = "";
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * Applies an update's effects in order: title, url, toast, flash,
 * announce, scroll, download, focus. URLs that are not safe are refused
 * and reported through refuse.
 * @param {Record<string, any>} fx
 * @param {{toast: number, flash: number}} ms
 * @param {Element} root
 * @param {(where: string, url: string) => void} refuse
 */
export function applyEffects(fx, ms, root, refuse) {
  /** @param {string} k */
  const url = (k) => fx[k] && (safeURL(fx[k]) || refuse(k, fx[k]));
  if (fx[P.EffectTitle]) document.title = fx[P.EffectTitle];
  if (url(P.EffectURL)) history[fx[P.EffectReplace] ? "replaceState" : "pushState"](null, "", fx[P.EffectURL]);
  if (fx[P.EffectToast]) toast(fx[P.EffectToast], ms.toast);
  if (fx[P.EffectFlash]) for (const sel in fx[P.EffectFlash]) flash(sel, fx[P.EffectFlash][sel], ms.flash);
  if (fx[P.EffectAnnounce]) announce(fx[P.EffectAnnounce]);
  if (fx[P.EffectScroll]) q(fx[P.EffectScroll])?.scrollIntoView({ block: "nearest" });
  if (url(P.EffectDownload)) download(fx[P.EffectDownload]);
  if (fx[P.EffectFocus]) q(fx[P.EffectFocus], root)?.focus();
}
