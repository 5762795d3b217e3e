// Enter and leave transitions staged with three class lists (start,
// active, end), as Vue and Alpine do.

const ATTR = "data-tether-transition-";

/** @type {WeakMap<Element, {kind: string, finish: (call?: boolean) => void}>} */
const running = new WeakMap();

let limit = 5000;

/**
 * Sets the longest a transition may take before it is cut short, ms.
 * @param {number} ms
 */
export function setTransitionTimeout(ms) {
  limit = ms;
}

/** @param {any} s */
const words = (s) => String(s || "").split(/\s+/).filter(Boolean);

/**
 * The [start, active, end] class lists of a transition, or null. The
 * attribute holds a JSON array of three class lists, or three classes
 * separated by spaces.
 * @param {Element} el
 * @param {"enter" | "leave"} kind
 * @returns {string[][] | null}
 */
export function transitionClasses(el, kind) {
  const v = el.getAttribute(ATTR + kind);
  if (v == null) return null;
  let parts;
  try {
    parts = v.trim()[0] === "[" ? JSON.parse(v) : null;
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts)) parts = words(v);
  return [words(parts[0]), words(parts[1]), words(parts[2])];
}

/**
 * The longest transition or animation of el from its computed style, ms.
 * @param {Element} el
 */
function duration(el) {
  let cs;
  try {
    cs = getComputedStyle(el);
  } catch {
    return 0;
  }
  /** @param {string} s */
  const ms = (s) => Math.max(0, ...String(s || "").split(",").map((x) => parseFloat(x) * (/ms/.test(x) ? 1 : 1000) || 0));
  return Math.max(ms(cs.transitionDuration) + ms(cs.transitionDelay), ms(cs.animationDuration) + ms(cs.animationDelay));
}

/** @param {() => void} f */
const frame = (f) => (document.hidden || typeof requestAnimationFrame != "function" ? setTimeout(f, 0) : requestAnimationFrame(f));

/**
 * Runs the kind transition of el, then done. Without one, done runs now.
 * A transition already running on el is finished first, without its done.
 * @param {Element} el
 * @param {"enter" | "leave"} kind
 * @param {() => void} done
 */
function run(el, kind, done) {
  running.get(el)?.finish(false);
  const c = transitionClasses(el, kind);
  if (!c) return done();
  const [start, active, end] = c;
  const cl = el.classList;
  let over = false;
  /** @type {any} */
  let timer = 0;
  /** @param {Event} e */
  const onEnd = (e) => e.target === el && finish();
  const finish = (call = true) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    el.removeEventListener("transitionend", onEnd);
    el.removeEventListener("animationend", onEnd);
    cl.remove(...start, ...active, ...end);
    running.delete(el);
    if (call) done();
  };
  running.set(el, { kind, finish });
  cl.add(...start, ...active);
  timer = setTimeout(finish, limit);
  frame(() => {
    if (over) return;
    cl.remove(...start);
    cl.add(...end);
    el.addEventListener("transitionend", onEnd);
    el.addEventListener("animationend", onEnd);
    clearTimeout(timer);
    const d = duration(el);
    timer = setTimeout(finish, d > 0 ? Math.min(d + 50, limit) : 0);
  });
}

/**
 * Animates el in (it is already in the page and visible).
 * @param {Element} el
 */
export function enter(el) {
  run(el, "enter", () => {});
}

/**
 * Animates el out, then calls done (which hides or removes it).
 * @param {Element} el
 * @param {() => void} done
 */
export function leave(el, done) {
  run(el, "leave", done);
}

/**
 * Removes el after its leave transition. Its key is dropped at once, so
 * later operations never find the leaving element.
 * @param {Element} el
 * @param {() => void} [after]
 */
export function removeAnimated(el, after) {
  if (removing.has(el)) return;
  removing.add(el);
  el.removeAttribute("data-tether-key");
  leave(el, () => {
    removing.delete(el);
    el.remove();
    after?.();
  });
}

/** Elements leaving the page. */
const removing = new WeakSet();

/**
 * Whether el is on its way out of the page.
 * @param {Element} el
 */
export const isRemoving = (el) => removing.has(el);

/**
 * Keeps an element that was leaving the page: a morph reuses it.
 * @param {Element} el
 */
export function keep(el) {
  if (removing.delete(el)) running.get(el)?.finish(false);
}

/**
 * Shows or hides el with the hidden attribute, running its transitions.
 * @param {Element} el
 * @param {boolean} on
 */
export function setShown(el, on) {
  const r = running.get(el);
  const shown = r ? r.kind === "enter" : !(/** @type {HTMLElement} */ (el).hidden);
  if (shown === on) return;
  if (on) {
    r?.finish(false);
    /** @type {HTMLElement} */ (el).hidden = false;
    enter(el);
  } else {
    leave(el, () => {
      /** @type {HTMLElement} */ (el).hidden = true;
    });
  }
}
