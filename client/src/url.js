// URLs from the server are checked before the runtime follows them or
// puts them in a URL attribute: only http(s), same-origin relative,
// blob: and mailto: URLs pass.

/** Attributes whose value the browser follows or loads as a URL. */
export const URL_ATTRS = ["href", "src", "action", "formaction"];

/**
 * Whether url is safe to navigate to, download or bind. It is parsed as
 * the browser parses it (which drops tabs and newlines and ignores case
 * and surrounding spaces in the scheme), so "java\tscript:" is caught.
 * @param {any} url
 */
export function safeURL(url) {
  try {
    return /^(https?|blob|mailto):$/.test(new URL(String(url), location.href).protocol);
  } catch {
    return false;
  }
}
