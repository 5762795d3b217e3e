// JS hooks: elements with data-tether-hook="Name" get the lifecycle
// callbacks of window.Tether.hooks.Name.

const ATTR = "data-tether-hook";

/**
 * @typedef {object} HookContext
 * @property {Element} el
 * @property {(action: string, data?: Record<string, any>) => void} pushEvent
 * @property {(selector: string) => void} focus focuses the first element selector matches in the tether root
 */

/**
 * @typedef {object} Hook
 * @property {(el: Element, ctx: HookContext) => void} [mounted]
 * @property {(el: Element, ctx: HookContext) => void} [updated]
 * @property {(el: Element, ctx: HookContext) => void} [destroyed]
 * @property {(el: Element, ctx: HookContext) => void} [disconnected]
 * @property {(el: Element, ctx: HookContext) => void} [reconnected]
 */

export class Hooks {
  /**
   * @param {() => Record<string, Hook>} registry returns the registry, read at each mount
   * @param {(action: string, data: Record<string, any>, el: Element) => void} push
   * @param {(selector: string) => void} focus
   */
  constructor(registry, push, focus) {
    this.registry = registry;
    this.push = push;
    this.focus = focus;
    /** @type {Map<Element, {name: string, hook: Hook, ctx: HookContext}>} */
    this.live = new Map();
  }

  /**
   * Calls one callback; this is the element's context, which lives as
   * long as the element is mounted and may hold the hook's own state.
   * @param {Element} el
   * @param {keyof Hook} name
   */
  call(el, name) {
    const m = this.live.get(el);
    const f = m?.hook[name];
    if (!m || typeof f != "function") return;
    try {
      f.call(m.ctx, el, m.ctx);
    } catch (e) {
      console.error("tether: hook " + m.name + "." + name, e);
    }
  }

  /**
   * Destroys hooks whose elements left the page and mounts the new ones.
   * @param {ParentNode} scope
   */
  sync(scope) {
    for (const [el, m] of this.live) {
      if (!el.isConnected || el.getAttribute(ATTR) !== m.name) {
        this.call(el, "destroyed");
        this.live.delete(el);
      }
    }
    for (const el of scope.querySelectorAll(`[${ATTR}]`)) {
      if (this.live.has(el)) continue;
      const name = /** @type {string} */ (el.getAttribute(ATTR));
      const hook = this.registry()[name];
      if (!hook) continue; // not registered yet: retried on the next sync
      /** @type {HookContext} */
      const ctx = { el, pushEvent: (action, data = {}) => this.push(action, data, el), focus: this.focus };
      this.live.set(el, { name, hook, ctx });
      this.call(el, "mounted");
    }
  }

  /** @param {Element} el */
  updated(el) {
    if (this.live.has(el)) this.call(el, "updated");
  }

  /** @param {"disconnected" | "reconnected"} name */
  all(name) {
    for (const el of this.live.keys()) this.call(el, name);
  }
}
