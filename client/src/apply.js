// Keyed patches and list operations of an update.

import { enter, removeAnimated } from "./transition.js";

/**
 * @typedef {object} Ops
 * @property {(el: Element, html: string) => void} morph morphs el to the outer HTML
 * @property {(el: Element) => void} updated a patch changed el
 * @property {(el: Element) => void} removed el left the page
 */

const KEY = "data-tether-key";

/**
 * One update's lookup of keyed elements under a root: a Map built on the
 * first lookup and kept up to date by inserts, removals and morphs, so
 * an update with many operations does not search the document for each.
 */
export class KeyIndex {
  /** @param {Element} root */
  constructor(root) {
    this.root = root;
    /** @type {Map<string, Element> | null} */
    this.m = null;
  }

  /**
   * The element whose data-tether-key is key; throws when there is none,
   * since the page no longer matches the server's.
   * @param {string} key
   * @returns {Element}
   */
  get(key) {
    let el = this.find(key);
    // Something other than the runtime changed the page: look again.
    if (el && (el.getAttribute(KEY) !== key || !this.root.contains(el))) {
      this.m = null;
      el = this.find(key);
    }
    if (!el) throw new Error("no element with key " + key);
    return el;
  }

  /** @param {string} key */
  find(key) {
    if (!this.m) {
      this.m = new Map();
      this.add(this.root);
    }
    return this.m.get(key);
  }

  /**
   * Indexes the keyed elements of node's subtree, node included.
   * @param {ParentNode} node
   */
  add(node) {
    const m = this.m;
    if (!m) return;
    for (const el of keyed(node)) {
      const k = /** @type {string} */ (el.getAttribute(KEY));
      if (!m.has(k)) m.set(k, el);
    }
  }

  /**
   * Forgets the keyed elements of node's subtree.
   * @param {ParentNode} node
   */
  drop(node) {
    const m = this.m;
    if (!m) return;
    for (const el of keyed(node)) {
      const k = /** @type {string} */ (el.getAttribute(KEY));
      if (m.get(k) === el) m.delete(k);
    }
  }
}

/**
 * The elements with a data-tether-key in node's subtree, node first.
 * @param {ParentNode} node
 * @returns {Element[]}
 */
export function keyed(node) {
  const all = [...node.querySelectorAll(`[${KEY}]`)];
  if (/** @type {any} */ (node).nodeType === 1 && /** @type {Element} */ (node).hasAttribute(KEY)) all.unshift(/** @type {Element} */ (node));
  return all;
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
 * Morphs the keyed element el to html, keeping the index up to date.
 * @param {KeyIndex} ix
 * @param {Element} el
 * @param {string} html
 * @param {Ops} ops
 */
function morphKeyed(ix, el, html, ops) {
  ix.drop(el);
  ops.morph(el, html);
  if (el.isConnected) ix.add(el);
  else ix.m = null; // replaced by a different tag: index again when needed
}

/**
 * Applies one patch [op, key, payload]: 0 morph, 1 text, 2 attributes.
 * Throws when the key is missing or the op unknown.
 * @param {KeyIndex} ix
 * @param {any[]} patch
 * @param {Ops} ops
 */
export function applyPatch(ix, [op, key, payload], ops) {
  const el = ix.get(key);
  if (el.hasAttribute("data-tether-ignore")) return;
  if (op === 0) return morphKeyed(ix, el, payload, ops);
  if (op === 1) el.textContent = payload;
  else if (op === 2) for (const [n, v] of payload) setAttr(el, n, v);
  else throw new Error("unknown patch op " + op);
  ops.updated(el);
}

/**
 * Places node at pos relative to ref: 0 before, 1 after, 2 prepend into,
 * 3 append into (ref "" is the root for 2 and 3).
 * @param {KeyIndex} ix
 * @param {Node} node
 * @param {number} pos
 * @param {string} ref
 */
function place(ix, node, pos, ref) {
  const r = ref === "" && pos >= 2 ? ix.root : ix.get(ref);
  if (pos === 0) r.before(node);
  else if (pos === 1) r.after(node);
  else if (pos === 2) r.prepend(node);
  else if (pos === 3) r.append(node);
  else throw new Error("unknown list position " + pos);
}

/**
 * Puts existing keyed siblings in the given order: the first where the
 * earliest of them stands, each next right after the previous.
 * @param {KeyIndex} ix
 * @param {string[]} keys
 */
function order(ix, keys) {
  const els = keys.map((k) => ix.get(k));
  if (!els.length) return;
  const parent = /** @type {ParentNode} */ (els[0].parentNode);
  const set = new Set(els);
  let first = parent.firstElementChild;
  while (first && !set.has(first)) first = first.nextElementSibling;
  const anchor = document.createComment("");
  (first || els[0]).before(anchor);
  anchor.replaceWith(...els);
}

/**
 * Applies one list operation: [0, key] remove, [1, pos, ref, key, html]
 * insert, [2, pos, ref, key] move, [3, parent, keys] order. Throws when
 * a key is missing or the operation unknown.
 * @param {KeyIndex} ix
 * @param {any[]} op
 * @param {Ops} ops
 * @returns {Element[]} the elements an insert added
 */
export function applyListOp(ix, op, ops) {
  const kind = op[0];
  if (kind === 3) return (order(ix, op[2]), []);
  if (kind === 0) {
    const el = ix.get(op[1]);
    ix.drop(el);
    if (el.hasAttribute("data-tether-transition-leave")) removeAnimated(el, () => ops.removed(el));
    else {
      el.remove();
      ops.removed(el);
    }
    return [];
  }
  const [, pos, ref, key, html] = op;
  if (kind === 1) {
    const old = ix.find(key);
    if (old) {
      // Already there (a replayed insert): bring it up to date and move it.
      morphKeyed(ix, old, html, ops);
      place(ix, ix.get(key), pos, ref);
      return [];
    }
    const frag = parseHTML(html);
    const els = [...frag.children];
    place(ix, frag, pos, ref);
    for (const el of els) {
      ix.add(el);
      if (el.hasAttribute("data-tether-transition-enter")) enter(el);
    }
    return els;
  }
  if (kind !== 2) throw new Error("unknown list op " + kind);
  place(ix, ix.get(key), pos, ref);
  return [];
}
