// Signals: named client-side values that elements bind to with
// data-tether-bind-text, -show, -class and -attr, anywhere in the document.

import { setShown } from "./transition.js";
import { URL_ATTRS, safeURL } from "./url.js";

const B = "data-tether-bind-";

/**
 * Splits "name:signal name2:signal2" into pairs at each last colon
 * (names such as Tailwind's "hover:underline" may contain colons).
 * @param {string} v
 * @returns {[string, string][]}
 */
export function pairs(v) {
  return v
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => {
      const i = p.lastIndexOf(":");
      return /** @type {[string, string]} */ ([p.slice(0, i), p.slice(i + 1)]);
    })
    .filter((p) => p[0] && p[1]);
}

/** @param {any} v */
const str = (v) => (v == null ? "" : typeof v == "object" ? JSON.stringify(v) : String(v));

/**
 * Applies the signals in values to every bound element under scope.
 * Signals without a value leave their elements as rendered. A URL
 * attribute (href, src, action, formaction) refuses an unsafe URL: it
 * keeps its value and refuse is told.
 * @param {ParentNode} scope
 * @param {Map<string, any>} values
 * @param {(where: string, url: string) => void} refuse
 */
export function applyBindings(scope, values, refuse) {
  if (!values.size) return;
  for (const el of scope.querySelectorAll(`[${B}text]`)) {
    const n = /** @type {string} */ (el.getAttribute(B + "text"));
    if (values.has(n)) {
      const t = str(values.get(n));
      if (el.textContent !== t) el.textContent = t;
    }
  }
  for (const el of scope.querySelectorAll(`[${B}show]`)) {
    const n = /** @type {string} */ (el.getAttribute(B + "show"));
    if (values.has(n)) setShown(el, !!values.get(n));
  }
  for (const el of scope.querySelectorAll(`[${B}class]`)) {
    for (const [cls, n] of pairs(/** @type {string} */ (el.getAttribute(B + "class")))) {
      if (values.has(n)) el.classList.toggle(cls, !!values.get(n));
    }
  }
  for (const el of scope.querySelectorAll(`[${B}attr]`)) {
    for (const [a, n] of pairs(/** @type {string} */ (el.getAttribute(B + "attr")))) {
      if (!values.has(n)) continue;
      const v = values.get(n);
      if (v == null || v === false) el.removeAttribute(a);
      else {
        const s = v === true ? "" : str(v);
        if (el.getAttribute(a) === s) continue;
        if (URL_ATTRS.includes(a.toLowerCase()) && !safeURL(s)) refuse("bind " + a, s);
        else el.setAttribute(a, s);
      }
    }
  }
}
