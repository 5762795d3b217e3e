// DOM events bound with data-tether-* attributes: what data they carry
// and when they are sent (debounce, throttle).

const P = "data-tether-";

/**
 * The fixed values of data-tether-value-NAME attributes, as {NAME: v}.
 * @param {Element} el
 * @returns {Record<string, any>}
 */
export function extraValues(el) {
  /** @type {Record<string, any>} */
  const d = {};
  for (const a of el.attributes) if (a.name.startsWith(P + "value-")) d[a.name.slice(P.length + 6)] = a.value;
  return d;
}

/**
 * The selected values of a multiple select.
 * @param {HTMLSelectElement} s
 */
const selected = (s) => [...s.options].filter((o) => o.selected).map((o) => o.value);

/**
 * Every named, enabled field of a form, as the browser would submit it
 * but keeping multi-valued fields (checkbox groups, multiple selects, any
 * repeated name) as arrays. Unchecked boxes and files are left out.
 * @param {HTMLFormElement} form
 * @param {Element | null} [submitter]
 * @returns {Record<string, any>}
 */
export function collectForm(form, submitter) {
  /** @type {Record<string, any>} */
  const d = {};
  /** @type {Set<string>} */
  const multi = new Set();
  /** @type {Record<string, number>} */
  const boxes = {};
  const fields = /** @type {any[]} */ ([...form.elements]);
  for (const f of fields) if (f.name && f.type === "checkbox") boxes[f.name] = (boxes[f.name] || 0) + 1;
  /**
   * @param {string} n
   * @param {string | string[]} v
   */
  const add = (n, v) => {
    if (Array.isArray(v) || boxes[n] > 1) multi.add(n);
    const prev = d[n];
    if (prev === undefined) d[n] = multi.has(n) ? [].concat(/** @type {any} */ (v)) : v;
    else d[n] = [].concat(prev, /** @type {any} */ (v));
  };
  for (const f of fields) {
    const n = f.name;
    if (!n || f.matches(":disabled") || f.closest("fieldset[disabled]")) continue;
    const type = f.type;
    if (type === "file" || f.tagName === "FIELDSET" || f.tagName === "OBJECT" || f.tagName === "OUTPUT") continue;
    if (type === "submit" || type === "button" || type === "reset" || type === "image") {
      if (f === submitter) add(n, f.value);
      continue;
    }
    if ((type === "checkbox" || type === "radio") && !f.checked) continue;
    add(n, type === "select-multiple" ? selected(f) : f.value);
  }
  return d;
}

/**
 * The data of an input or change event on a field: its value (an array
 * for a multiple select), and for a checkbox whether it is checked.
 * @param {any} el
 * @returns {Record<string, any>}
 */
export function fieldData(el) {
  if (el.tagName === "FORM") return collectForm(el);
  /** @type {Record<string, any>} */
  const d = {};
  if (el.type === "select-multiple") d.value = selected(el);
  else if ("value" in el && typeof el.value == "string") d.value = el.value;
  if (el.type === "checkbox") d.checked = el.checked;
  return d;
}

/**
 * Whether key passes the element's legacy data-tether-keys filter: a
 * comma-separated list of KeyboardEvent.key values, not trimmed.
 * @param {Element} el
 * @param {string} key
 */
export function keyAllowed(el, key) {
  const k = el.getAttribute(P + "keys");
  return k == null || k.split(",").includes(key);
}

/**
 * The action a key sends through the key binding attr (such as
 * data-tether-keydown) of el: the one its attr-keys JSON object names for
 * key, else the unfiltered attr's (still subject to data-tether-keys),
 * else null.
 * @param {Element} el
 * @param {string} attr
 * @param {string} key
 * @returns {string | null}
 */
export function keyAction(el, attr, key) {
  let m;
  try {
    m = JSON.parse(el.getAttribute(attr + "-keys") || "{}");
  } catch {
    m = {};
  }
  if (m && Object.prototype.hasOwnProperty.call(m, key) && typeof m[key] == "string") return m[key];
  const a = el.getAttribute(attr);
  return a != null && keyAllowed(el, key) ? a : null;
}

/**
 * @typedef {{el: Element, type: string, fn?: (() => void) | null, timer?: any, blur?: boolean, thr?: boolean}} Entry
 */

/** Debounces and throttles events per element and event type. */
export class Limiter {
  constructor() {
    /** @type {Set<Entry>} */
    this.entries = new Set();
  }

  /**
   * @param {Element} el
   * @param {string} type
   */
  find(el, type) {
    for (const e of this.entries) if (e.el === el && e.type === type) return e;
  }

  /**
   * Sends an event by calling fn now or later, as the element's
   * data-tether-debounce ("ms" or "blur") or data-tether-throttle ("ms")
   * say; without either, debounce defaults to dflt ms.
   * @param {Element} el
   * @param {string} type
   * @param {number} dflt
   * @param {() => void} fn
   */
  run(el, type, dflt, fn) {
    const th = Number(el.getAttribute(P + "throttle"));
    if (th > 0) return this.throttle(el, type, th, fn);
    const d = el.getAttribute(P + "debounce");
    let e = this.find(el, type);
    if (d === "blur") {
      if (e) e.fn = fn;
      else this.entries.add({ el, type, fn, blur: true });
      return;
    }
    const ms = d == null || d === "" ? dflt : Number(d);
    if (!(ms > 0)) {
      // Timed events waiting go first, so the server sees them in order.
      this.flush();
      return fn();
    }
    if (e) clearTimeout(e.timer);
    else this.entries.add((e = { el, type }));
    e.fn = fn;
    const entry = e;
    e.timer = setTimeout(() => this.fire(entry), ms);
  }

  /**
   * @param {Element} el
   * @param {string} type
   * @param {number} ms
   * @param {() => void} fn
   */
  throttle(el, type, ms, fn) {
    const e = this.find(el, type);
    if (e) {
      e.fn = fn; // sent at the end of the interval
      return;
    }
    fn();
    /** @type {Entry} */
    const ent = { el, type, thr: true, fn: null };
    const tick = () => {
      const f = ent.fn;
      if (!f) return this.entries.delete(ent);
      ent.fn = null;
      f();
      ent.timer = setTimeout(tick, ms);
    };
    ent.timer = setTimeout(tick, ms);
    this.entries.add(ent);
  }

  /** @param {Entry} e */
  fire(e) {
    clearTimeout(e.timer);
    this.entries.delete(e);
    e.fn?.();
  }

  /**
   * Sends the debounced events now: the timed ones, or with pred those
   * it selects.
   * @param {(e: Entry) => boolean} [pred]
   */
  flush(pred = (e) => !e.blur && !e.thr) {
    for (const e of [...this.entries]) if (pred(e)) this.fire(e);
  }

  /**
   * Focus left target: sends what its elements held back for the blur.
   * @param {Node} target
   */
  blurred(target) {
    this.flush((e) => !e.thr && e.el.contains(target));
  }
}

/**
 * @typedef {object} Sender
 * @property {(type: string, action: string | undefined, data: Record<string, any>, el: Element | null, disable?: boolean) => void} push
 * @property {(url: string) => void} navigate
 * @property {number} debounce default debounce of input events, ms
 */

/**
 * Handles an event delegated to the document.
 * @param {Event} e
 * @param {Sender} s
 * @param {Limiter} lim
 */
export function handleEvent(e, s, lim) {
  const type = e.type;
  /** @type {any} */
  let t = e.target;
  if (t && t.nodeType !== 1) t = t.parentElement;
  if (!t || !t.closest) return;
  if (type === "blur") lim.blurred(t);
  if (type === "click" && link(/** @type {MouseEvent} */ (e), t, s)) return;
  const attr = P + type;
  const keys = type === "keydown" || type === "keyup";
  // focus and blur do not bubble: only the target's own binding counts.
  const el = type === "focus" || type === "blur" ? (t.hasAttribute(attr) ? t : null) : t.closest(keys ? `[${attr}],[${attr}-keys]` : `[${attr}]`);
  if (!el) return;
  let data = {};
  let action = el.getAttribute(attr);
  if (type === "submit" || (type === "click" && el.tagName === "A")) e.preventDefault();
  if (type === "submit") data = collectForm(el, /** @type {SubmitEvent} */ (e).submitter);
  else if (keys) {
    const key = /** @type {KeyboardEvent} */ (e).key;
    action = keyAction(el, attr, key);
    data = { key };
  } else if (type !== "click" && type !== "dblclick" && type !== "focus") data = fieldData(el);
  if (action != null) send(s, lim, type, el, action, data, el);
}

/**
 * @param {Sender} s
 * @param {Limiter} lim
 * @param {string} type
 * @param {Element} el
 * @param {string} action
 * @param {Record<string, any>} data
 * @param {Element | null} loading
 */
function send(s, lim, type, el, action, data, loading) {
  const d = { ...data, ...extraValues(el) };
  lim.run(el, type, type === "input" ? s.debounce : 0, () => s.push(type, action, d, loading, type === "click"));
}

/**
 * Handles a click on a[data-tether-link]: navigates on the client.
 * @param {MouseEvent} e
 * @param {Element} t
 * @param {Sender} s
 */
function link(e, t, s) {
  const a = /** @type {HTMLAnchorElement | null} */ (t.closest(`a[${P}link]`));
  if (!a || e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return false;
  if ((a.target && a.target !== "_self") || a.hasAttribute("download") || !a.hasAttribute("href")) return false;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin) return false;
  e.preventDefault();
  if (u.href !== location.href) {
    history.pushState(null, "", u.href);
    if (!u.hash) scrollTo(0, 0);
    s.navigate(u.pathname + u.search);
  }
  return true;
}

/** Window events bound with data-tether-window-TYPE. */
export const WINDOW_TYPES = ["keydown", "keyup", "focus", "blur", "resize", "scroll"];

/**
 * Handles an event on the window for every element bound to it.
 * @param {Event} e
 * @param {Sender} s
 * @param {Limiter} lim
 */
export function handleWindowEvent(e, s, lim) {
  const type = e.type;
  if ((type === "focus" || type === "blur") && e.target !== window) return;
  const name = "window-" + type;
  const attr = P + name;
  for (const el of document.querySelectorAll(`[${attr}],[${attr}-keys]`)) {
    /** @type {Record<string, any>} */
    let data = {};
    let action = el.getAttribute(attr);
    if (type === "keydown" || type === "keyup") {
      const key = /** @type {KeyboardEvent} */ (e).key;
      action = keyAction(el, attr, key);
      data = { key };
    } else if (type === "resize") data = { width: innerWidth, height: innerHeight };
    else if (type === "scroll") data = { x: scrollX, y: scrollY };
    if (action != null) send(s, lim, name, el, action, data, null);
  }
}
