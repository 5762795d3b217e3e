import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeSocket, MemoryStorage, mockTimers, setup } from "./dom.js";

const banner = () => document.querySelector(".tether-banner");
const shown = () => !!banner() && !banner().hidden;

test("the banner shows after a second disconnected and hides on reconnect", async (t) => {
  mockTimers(t);
  const { rt, sock } = await setup("");
  t.mock.timers.tick(5000);
  assert.equal(shown(), false, "not while the first connection is under way");
  sock().accept();
  rt.disconnect();
  t.mock.timers.tick(999);
  assert.equal(shown(), false);
  t.mock.timers.tick(1);
  assert.equal(shown(), true);
  assert.equal(banner().getAttribute("role"), "status");
  assert.equal(banner().hasAttribute("style"), false, "styled by class only");
  FakeSocket.last.accept();
  assert.equal(shown(), false);
});

test("a page that gave up says so in the banner", async (t) => {
  mockTimers(t);
  const { sock } = await setup("", { storage: null });
  sock().accept();
  sock().serverClose(4001, "session expired"); // no storage: cannot reload, gives up
  t.mock.timers.tick(1000);
  assert.equal(shown(), true);
  assert.match(banner().textContent, /Reload the page/);
});

test("a short outage shows no banner; data-tether-banner-delay and data-tether-banner=off are obeyed", async (t) => {
  mockTimers(t);
  let { rt, sock } = await setup("", { attrs: `data-tether-banner-delay="3000"` });
  sock().accept();
  rt.disconnect();
  t.mock.timers.tick(2900);
  FakeSocket.last.accept();
  t.mock.timers.tick(5000);
  assert.equal(shown(), false);
  rt.disconnect();
  t.mock.timers.tick(3000);
  assert.equal(shown(), true);
  ({ rt, sock } = await setup("", { attrs: `data-tether-banner="off"` }));
  banner()?.remove();
  sock().accept();
  rt.disconnect();
  t.mock.timers.tick(60000);
  assert.equal(banner(), null);
});

test("an error in an update shows the overlay only in DevMode; the event and class always", async () => {
  for (const dev of [false, true]) {
    document.querySelector(".tether-error-overlay")?.remove();
    const { rt, sock, root } = await setup("", { attrs: dev ? "data-tether-dev" : "" });
    sock().accept();
    const errors = [];
    root.addEventListener("tether:error", (e) => errors.push(e.detail.message));
    rt.message(JSON.stringify({ s: 1, e: "render failed: duplicate key x" }));
    rt.flushUpdates();
    assert.deepEqual(errors, ["render failed: duplicate key x"]);
    assert.ok(root.classList.contains("tether-error"));
    const o = document.querySelector(".tether-error-overlay");
    if (!dev) {
      assert.equal(o, null);
      continue;
    }
    assert.match(o.textContent, /render failed: duplicate key x/);
    o.querySelector("button").click();
    assert.equal(document.querySelector(".tether-error-overlay"), null, "dismissed");
  }
});

test("close 1012: no reload, reconnect with backoff; a server that answers 4001 reloads once", async (t) => {
  mockTimers(t);
  const storage = new MemoryStorage();
  const { rt, sock, reloads } = await setup("", { storage });
  sock().accept();
  sock().serverClose(1012, "server restarting");
  assert.equal(reloads.length, 0);
  assert.equal(rt.state, "disconnected");
  assert.equal(rt.root.classList.contains("tether-error"), false, "a restart is not an error");
  // The server is down: every attempt fails, the delays grow, no reload.
  const delays = [];
  for (let i = 0; i < 6; i++) {
    const n = FakeSocket.all.length;
    let waited = 0;
    while (FakeSocket.all.length === n) {
      t.mock.timers.tick(10);
      waited += 10;
    }
    delays.push(waited);
    FakeSocket.last.serverClose(1006);
  }
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
  assert.equal(reloads.length, 0, "never reloads onto a dead port");
  // A server is back but lost the session: now the page reloads, once.
  t.mock.timers.tick(1000);
  FakeSocket.last.accept();
  FakeSocket.last.serverClose(4001, "session expired");
  assert.equal(reloads.length, 1);
});
