// Keyed patches and list operations of an update.

import { enter, removeAnimated } from "./transition.js";

/**
 * @typedef {object} Ops
 * @property {(el: Element, html: string) => void} morph morphs el to the outer HTML
 * @property {(el: Element) => void} updated a patch changed el
 * @property {(el: Element) => void} removed el left the page
 */

/**
 * The element whose data-tether-key is key, under root.
 * @param {ParentNode} root
 * @param {string} key
 * @returns {Element | null}
 */
export function byKey(root, key) {
  if (/^[\w.:-]*$/.test(key)) return root.querySelector(`[data-tether-key="${key}"]`);
  // Keys with other characters: compare attributes, no selector escaping.
  for (const el of root.querySelectorAll("[data-tether-key]")) if (el.getAttribute("data-tether-key") === key) return el;
  return null;
}

/**
 * Parses HTML into nodes, in a template so table rows and the like parse.
 * @param {string} html
 */
export function parseHTML(html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  return t.content;
}

/**
 * Sets attribute name to value, or removes it when value is null, keeping
 * the live value of the field the user is typing in.
 * @param {Element} el
 * @param {string} name
 * @param {string | null} value
 */
export function setAttr(el, name, value) {
  const f = /** @type {any} */ (el);
  if (value == null) el.removeAttribute(name);
  else el.setAttribute(name, value);
  if (name === "checked" || name === "selected") f[name] = value != null;
  else if (name === "value" && "value" in f && el !== document.activeElement) f.value = value ?? "";
}

/**
 * Applies one patch [op, key, payload]: 0 morph, 1 text, 2 attributes.
 * @param {Element} root
 * @param {any[]} patch
 * @param {Ops} ops
 */
export function applyPatch(root, [op, key, payload], ops) {
  const el = byKey(root, key);
  if (!el) return warn("patch: no element with key", key);
  if (el.hasAttribute("data-tether-ignore")) return;
  if (op === 0) return ops.morph(el, payload);
  if (op === 1) el.textContent = payload;
  else if (op === 2) for (const [n, v] of payload) setAttr(el, n, v);
  else return warn("patch: unknown op", op);
  ops.updated(el);
}

/**
 * Places node at pos relative to ref: 0 before, 1 after, 2 prepend into,
 * 3 append into (ref "" is the root for 2 and 3).
 * @param {Element} root
 * @param {Node} node
 * @param {number} pos
 * @param {string} ref
 * @returns {boolean} whether node was placed
 */
function place(root, node, pos, ref) {
  const r = ref === "" && pos >= 2 ? root : byKey(root, ref);
  if (!r) return (warn("list: no element with key", ref), false);
  if (pos === 0) r.before(node);
  else if (pos === 1) r.after(node);
  else if (pos === 2) r.prepend(node);
  else if (pos === 3) r.append(node);
  else return (warn("list: unknown position", pos), false);
  return true;
}

/**
 * Puts existing keyed siblings in the given order: the first where the
 * earliest of them stands, each next right after the previous.
 * @param {Element} root
 * @param {string[]} keys
 */
function order(root, keys) {
  const els = keys.map((k) => byKey(root, k) || warn("list: no element with key", k)).filter(Boolean);
  if (!els.length) return;
  let first = els[0];
  for (const el of els) if (el.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) first = el;
  let prev = document.createComment("");
  first.before(prev);
  const anchor = prev;
  for (const el of els) {
    prev.after(el);
    prev = el;
  }
  anchor.remove();
}

/**
 * Applies one list operation: [0, key] remove, [1, pos, ref, key, html]
 * insert, [2, pos, ref, key] move, [3, parent, keys] order.
 * @param {Element} root
 * @param {any[]} op
 * @param {Ops} ops
 */
export function applyListOp(root, op, ops) {
  const kind = op[0];
  if (kind === 3) return order(root, op[2]);
  if (kind === 0) {
    const el = byKey(root, op[1]);
    if (!el) return warn("list: no element with key", op[1]);
    if (el.hasAttribute("data-tether-transition-leave")) removeAnimated(el, () => ops.removed(el));
    else {
      el.remove();
      ops.removed(el);
    }
    return;
  }
  const [, pos, ref, key, html] = op;
  if (kind === 1) {
    const old = byKey(root, key);
    if (old) {
      // Already there (a replayed insert): bring it up to date and move it.
      ops.morph(old, html);
      place(root, byKey(root, key) || old, pos, ref);
      return;
    }
    const frag = parseHTML(html);
    const els = [...frag.children];
    if (!place(root, frag, pos, ref)) return;
    for (const el of els) if (el.hasAttribute("data-tether-transition-enter")) enter(el);
  } else if (kind === 2) {
    const el = byKey(root, key);
    if (!el) return warn("list: no element with key", key);
    place(root, el, pos, ref);
  } else warn("list: unknown kind", kind);
}

/** @param {any[]} a */
function warn(...a) {
  console.warn("tether:", ...a);
}
