// The runtime's own status UI: the connection banner and the DevMode
// error overlay. Both are styled by the runtime's stylesheet (classes
// tether-banner and tether-error-overlay), never by style attributes, so
// they work under a strict Content-Security-Policy.

import { make } from "./effects.js";

/**
 * A banner shown while the page has been disconnected for delay ms.
 */
export class Banner {
  /**
   * @param {number} delay ms; below 0 the banner is off
   */
  constructor(delay) {
    this.delay = delay;
    /** @type {HTMLElement | null} */
    this.el = null;
    /** @type {any} */
    this.timer = 0;
    this.text = "";
  }

  /**
   * Follows the connection state: shown delay ms after it stopped being
   * connected, hidden at once when it is connected again.
   * @param {string} state
   */
  update(state) {
    if (this.delay < 0) return;
    if (state === "connected" || state === "connecting") {
      clearTimeout(this.timer);
      this.timer = 0;
      if (this.el) this.el.hidden = true;
      return;
    }
    this.text = state === "closed" ? "Disconnected. Reload the page to continue." : "Connection lost. Reconnecting…";
    if (this.el && !this.el.hidden) this.el.textContent = this.text;
    else if (!this.timer) this.timer = setTimeout(() => this.show(), this.delay);
  }

  show() {
    this.timer = 0;
    let el = this.el;
    if (!el || !el.isConnected) {
      el = this.el = make("div", "tether-banner");
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      document.body.append(el);
    }
    el.textContent = this.text;
    el.hidden = false;
  }
}

/**
 * Shows message in the DevMode error overlay, replacing any shown; a
 * button (or Escape) dismisses it.
 * @param {string} message
 */
export function showOverlay(message) {
  document.querySelector(".tether-error-overlay")?.remove();
  const box = make("div", "tether-error-overlay");
  box.setAttribute("role", "alertdialog");
  box.setAttribute("aria-label", "tether error");
  const close = make("button", "tether-error-dismiss");
  close.textContent = "Dismiss";
  close.onclick = () => box.remove();
  box.onkeydown = (e) => e.key === "Escape" && box.remove();
  const pre = make("pre", "");
  pre.textContent = message;
  box.append(close, "tether: update failed on the server", pre);
  document.body.append(box);
}
