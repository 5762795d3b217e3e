// Client directives: data-tether-js holds a JSON array of commands run in
// the browser, with no round trip, on click or the event named by
// data-tether-js-on.

import { setShown } from "./transition.js";

const JS = "data-tether-js";

/**
 * @typedef {object} SignalAccess
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 */

/** @param {any} s */
const words = (s) => String(s).split(/\s+/).filter(Boolean);

/**
 * Runs directive commands for el.
 * @param {Element} el the element carrying the directive ("this")
 * @param {any[]} cmds
 * @param {SignalAccess} signals
 */
export function runCommands(el, cmds, signals) {
  for (const c of cmds) {
    if (!Array.isArray(c)) continue;
    const [name, a, b, v] = c;
    try {
      /** @type {Element[]} */
      const els = name == "setSignal" || name == "toggleSignal" || name == "dispatch" ? [] : a === "this" ? [el] : [...document.querySelectorAll(a)];
      for (const t of els) {
        const cl = t.classList;
        switch (name) {
          case "toggleClass": for (const k of words(b)) cl.toggle(k); break;
          case "addClass": cl.add(...words(b)); break;
          case "removeClass": cl.remove(...words(b)); break;
          case "toggleAttr": t.toggleAttribute(b); break;
          case "setAttr": t.setAttribute(b, v); break;
          case "removeAttr": t.removeAttribute(b); break;
          case "show": setShown(t, true); break;
          case "hide": setShown(t, false); break;
        }
      }
      if (name == "setSignal") signals.set(a, b);
      else if (name == "toggleSignal") signals.set(a, !signals.get(a));
      else if (name == "dispatch") el.dispatchEvent(new CustomEvent(a, { bubbles: true }));
    } catch (e) {
      console.warn("tether: directive", c, e);
    }
  }
}

/**
 * Runs the directives an event triggers: on the target and, for a
 * bubbling event, on its ancestors, as listeners on each would.
 * @param {Event} e
 * @param {SignalAccess} signals
 */
export function handleDirectives(e, signals) {
  /** @type {any} */
  let n = e.target;
  if (n && n.nodeType !== 1) n = n.parentElement;
  for (; n && n.nodeType === 1; n = e.bubbles ? n.parentElement : null) {
    if (n.hasAttribute(JS) && (n.getAttribute(JS + "-on") || "click") === e.type) {
      let cmds;
      try {
        cmds = JSON.parse(n.getAttribute(JS));
      } catch {
        console.warn("tether: bad " + JS, n);
        continue;
      }
      if (Array.isArray(cmds)) runCommands(n, cmds, signals);
    }
  }
}

/**
 * The event types directives under scope listen for.
 * @param {ParentNode} scope
 */
export function directiveTypes(scope) {
  const types = new Set(["click"]);
  for (const el of scope.querySelectorAll(`[${JS}-on]`)) types.add(/** @type {string} */ (el.getAttribute(JS + "-on")));
  return types;
}
