// Morphing with idiomorph, keeping what the user owns: focus, caret and
// the value of the field being typed in, elements marked
// data-tether-ignore, and nodes the runtime added itself (flash notes).
// Keyed elements match by data-tether-key, never another key's element.

import { Idiomorph } from "../vendor/idiomorph/idiomorph.esm.js";
import { keyed } from "./apply.js";
import { enter, isRemoving, keep, removeAnimated } from "./transition.js";

/**
 * @typedef {object} MorphHooks
 * @property {(el: Element) => void} updated a hooked element was changed
 * @property {(el: Element) => void} removed an element left after its transition
 * @property {(el: Element, next: Element) => void} morphing el is about to be morphed to next
 * @property {(el: Element) => void} added el was inserted
 */

/** Tag of nodes the runtime owns inside server content. */
export const CLIENT_TAG = "tether-flash";

/**
 * Prefix of the ids a morph gives keyed elements that have none:
 * idiomorph matches elements by id, so rows keep their DOM node (and
 * hook state) by key instead of by position.
 */
const KEY_ID = "tether-key:";

/**
 * Gives each keyed element of node's subtree without an id its key as
 * a temporary id.
 * @param {ParentNode} node
 */
function keyIds(node) {
  for (const el of keyed(node)) if (!el.hasAttribute("id")) el.setAttribute("id", KEY_ID + el.getAttribute("data-tether-key"));
}

/**
 * Removes the temporary ids keyIds gave.
 * @param {ParentNode} node
 */
function dropKeyIds(node) {
  for (const el of node.querySelectorAll(`[id^="${KEY_ID}"]`)) el.removeAttribute("id");
  // getAttribute, not .id: a form's .id may be a field named "id".
  const n = /** @type {any} */ (node);
  if (n.nodeType === 1 && n.getAttribute("id")?.startsWith(KEY_ID)) n.removeAttribute("id");
}

/**
 * Keeps the server's value of the field being typed in as its default
 * (value attribute, textarea text) without touching what the user sees:
 * the field can then take it once a submit is acknowledged.
 * @param {Element} el
 * @param {Element} next
 */
function syncDefault(el, next) {
  const f = /** @type {any} */ (el);
  if (el.localName === "textarea") f.defaultValue = /** @type {any} */ (next).defaultValue;
  else if (el.localName === "input") {
    const v = next.getAttribute("value");
    if (v == null) el.removeAttribute("value");
    else el.setAttribute("value", v);
  }
}

/**
 * Morphs target to html: its outer HTML, or with inner its children.
 * @param {Element} target
 * @param {string} html
 * @param {boolean} inner
 * @param {MorphHooks} h
 */
export function morph(target, html, inner, h) {
  /** @type {Set<Node>} */
  const touched = new Set();
  const next = document.createElement("template");
  next.innerHTML = html;
  keyIds(next.content);
  keyIds(target);
  /** @type {Node[]} */
  let nodes = [target];
  try {
    nodes = morphWith(target, next.content, inner, h, touched);
  } finally {
    dropKeyIds(target);
    for (const n of nodes) if (n.nodeType === 1) dropKeyIds(/** @type {Element} */ (n));
  }
}

/**
 * @param {Element} target
 * @param {DocumentFragment} content
 * @param {boolean} inner
 * @param {MorphHooks} h
 * @param {Set<Node>} touched
 * @returns {Node[]} the morphed nodes
 */
function morphWith(target, content, inner, h, touched) {
  return Idiomorph.morph(target, content, {
    morphStyle: inner ? "innerHTML" : "outerHTML",
    ignoreActiveValue: true,
    restoreFocus: true,
    callbacks: {
      beforeNodeMorphed(old, next) {
        if (old.nodeType !== 1) return true;
        const el = /** @type {Element} */ (old);
        if (el.hasAttribute("data-tether-ignore")) return false;
        keep(el); // a leaving element matched by new content stays
        h.morphing(el, /** @type {Element} */ (next));
        if (el === document.activeElement) syncDefault(el, /** @type {Element} */ (next));
        if (el.hasAttribute("data-tether-hook") && el.outerHTML !== /** @type {Element} */ (next).outerHTML) touched.add(el);
        return true;
      },
      afterNodeMorphed(old) {
        if (touched.delete(old)) h.updated(/** @type {Element} */ (old));
      },
      beforeNodeRemoved(node) {
        if (node.nodeType !== 1) return true;
        const el = /** @type {Element} */ (node);
        if (el.localName === CLIENT_TAG || isRemoving(el)) return false;
        if (el.hasAttribute("data-tether-transition-leave")) {
          removeAnimated(el, () => h.removed(el));
          return false;
        }
        return true;
      },
      afterNodeAdded(node) {
        if (node.nodeType !== 1) return;
        const el = /** @type {Element} */ (node);
        if (el.hasAttribute("data-tether-transition-enter")) enter(el);
        h.added(el);
      },
    },
  });
}
