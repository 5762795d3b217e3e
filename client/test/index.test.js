import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeSocket, reset } from "./dom.js";

test("the bundle entry starts on the root and exposes window.Tether", async () => {
  reset(`<div data-tether-root data-tether-session="S1" data-tether-jitter="off"><b id="h" data-tether-hook="Early"></b><input id="in"></div><input id="out">`);
  const mounted = [];
  window.Tether = { hooks: { Early: { mounted: (el) => mounted.push(el.id) } } };
  globalThis.WebSocket = FakeSocket;
  FakeSocket.all = [];
  await import("../src/index.js");
  const T = window.Tether;
  assert.deepEqual(mounted, ["h"], "hooks registered before the script are kept");
  assert.equal(T.connection, "connecting");
  assert.equal(FakeSocket.last.url, "wss://app.test/page?q=1");
  FakeSocket.last.accept();
  assert.equal(T.connection, "connected");
  T.pushEvent("hello", { a: 1 });
  assert.deepEqual(FakeSocket.last.sent[1], { t: "push", a: "hello", d: { a: 1 }, i: 1 });
  T.focus("#in");
  assert.equal(document.activeElement.id, "in");
  T.focus("#out"); // outside the root: not found
  assert.equal(document.activeElement.id, "in");
  T.disconnect();
  assert.equal(T.connection, "disconnected");
  T.runtime.stop();
});
