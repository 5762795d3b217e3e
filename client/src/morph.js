// Morphing with idiomorph, keeping what the user owns: focus, caret and
// the value of the field being typed in, elements marked
// data-tether-ignore, and nodes the runtime added itself (flash notes).

import { Idiomorph } from "../vendor/idiomorph/idiomorph.esm.js";
import { enter, isRemoving, keep, removeAnimated } from "./transition.js";

/**
 * @typedef {object} MorphHooks
 * @property {(el: Element) => void} updated a hooked element was changed
 * @property {(el: Element) => void} removed an element left after its transition
 * @property {(el: Element, next: Element) => void} morphing el is about to be morphed to next
 */

/** Tag of nodes the runtime owns inside server content. */
export const CLIENT_TAG = "tether-flash";

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
  Idiomorph.morph(target, html, {
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
        if (node.nodeType === 1 && /** @type {Element} */ (node).hasAttribute("data-tether-transition-enter")) enter(/** @type {Element} */ (node));
      },
    },
  });
}
