import assert from "node:assert/strict";
import { test } from "node:test";
import { events, setup } from "./dom.js";
import { safeURL } from "../src/url.js";
import { MAX_REFUSED } from "../src/runtime.js";

test("only http(s), relative, blob: and mailto: URLs are safe", () => {
  for (const u of ["https://a.test/x", "http://a.test", "/p?q=1", "next", "//cdn.test/f.js", "blob:https://app.test/1", "mailto:a@b.test", "", "#top", "HTTPS://A.TEST"]) {
    assert.ok(safeURL(u), u);
  }
  for (const u of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "file:///etc/passwd", "ftp://x.test/"]) {
    assert.ok(!safeURL(u), JSON.stringify(u));
  }
});

test("unsafe URL effects are refused with a warning and a warn event, once each", async () => {
  const { rt, sock } = await setup(`<a id="l" data-tether-bind-attr="href:link src:img">x</a>`);
  sock().accept();
  const warned = [];
  const warn = console.warn;
  console.warn = (...a) => warned.push(a.join(" "));
  let clicked = 0;
  document.addEventListener("click", (e) => {
    clicked++;
    e.preventDefault();
  });
  try {
    for (const s of [1, 2]) {
      rt.message(JSON.stringify({ s, fx: { url: "javascript:alert(1)", download: " JAVASCRIPT:alert(2)" }, g: { link: "java\tscript:alert(3)", img: "https://img.test/a.png" } }));
      rt.flushUpdates();
    }
  } finally {
    console.warn = warn;
  }
  assert.equal(location.pathname, "/page", "no navigation");
  assert.equal(clicked, 0, "no download link clicked");
  const l = document.getElementById("l");
  assert.equal(l.hasAttribute("href"), false, "the binding refused the URL");
  assert.equal(l.getAttribute("src"), "https://img.test/a.png", "a safe URL binds");
  assert.deepEqual(
    events(sock()).map((e) => [e.t, e.d]),
    [
      ["warn", { kind: "unsafe-url", detail: "bind href: java\tscript:alert(3)" }],
      ["warn", { kind: "unsafe-url", detail: "url: javascript:alert(1)" }],
      ["warn", { kind: "unsafe-url", detail: "download:  JAVASCRIPT:alert(2)" }],
    ],
  );
  assert.ok(warned.length >= 3 && warned.every((w) => w.includes("refused unsafe URL")));
  rt.message(JSON.stringify({ s: 3, fx: { url: "/safe", download: "/f.csv" } }));
  rt.flushUpdates();
  assert.equal(location.pathname, "/safe");
  assert.equal(clicked, 1);
});

test("at most MAX_REFUSED distinct unsafe URLs are reported", async () => {
  const { rt, sock } = await setup("");
  sock().accept();
  const warn = console.warn;
  console.warn = () => {};
  try {
    for (let s = 1; s <= MAX_REFUSED + 5; s++) {
      rt.message(JSON.stringify({ s, fx: { url: "javascript:" + s } }));
      rt.flushUpdates();
    }
  } finally {
    console.warn = warn;
  }
  assert.equal(events(sock()).length, MAX_REFUSED);
});
