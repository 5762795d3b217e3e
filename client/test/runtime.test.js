import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeSocket, MemoryStorage, events, mockTimers, setup } from "./dom.js";
import { RELOAD_KEY } from "../src/runtime.js";


test("the first frame is the connect frame; state classes follow the socket", async () => {
  const { root, sock, rt } = await setup("");
  assert.equal(sock().url, "wss://app.test/page?q=1");
  const cls = () => [...root.classList].filter((c) => c.startsWith("tether-conn") || c.startsWith("tether-disc")).join();
  assert.equal(cls(), "tether-connecting");
  assert.equal(rt.state, "connecting");
  sock().accept();
  assert.deepEqual(sock().sent, [{ t: "connect", d: { session: "SID", seq: 0 } }]);
  assert.equal(cls(), "tether-connected");
  assert.equal(rt.state, "connected");
  rt.disconnect();
  assert.equal(cls(), "tether-disconnected");
  rt.conn.open(); // a reconnect attempt: still disconnected until it opens
  assert.equal(cls(), "tether-disconnected");
  sock().accept();
  assert.equal(cls(), "tether-connected");
});

test("without a session the connect frame omits it and uses the one the server names", async (t) => {
  mockTimers(t);
  const { rt, sock, storage } = await setup("", { attrs: "" });
  rt.root.removeAttribute("data-tether-session");
  rt.sid = "";
  sock().accept();
  assert.deepEqual(sock().sent[0], { t: "connect", d: { seq: 0 } });
  rt.message(JSON.stringify({ s: 1, id: "NEW", r: "<p>fresh</p>" }));
  rt.flushUpdates();
  assert.equal(rt.root.innerHTML, "<p>fresh</p>");
  assert.deepEqual([...storage.m.keys()], [], "nothing is stored that nothing reads");
  sock().serverClose(1006);
  t.mock.timers.tick(100);
  FakeSocket.last.accept();
  assert.deepEqual(FakeSocket.last.sent[0], { t: "connect", d: { session: "NEW", seq: 1 } });
});

test("updates apply in order; duplicates by seq are ignored; seq 0 frames always apply", async () => {
  const { rt, sock, root } = await setup(`<p data-tether-key="k">0</p>`);
  sock().accept();
  rt.message(JSON.stringify({ s: 1, p: [[1, "k", "1"]] }));
  rt.message(JSON.stringify({ s: 2, p: [[1, "k", "2"]] }));
  rt.message(JSON.stringify({ s: 2, p: [[1, "k", "dup"]] }));
  rt.message(JSON.stringify({ s: 1, p: [[1, "k", "old"]] }));
  rt.flushUpdates();
  assert.equal(root.textContent, "2");
  assert.equal(rt.seq, 2);
  let err = null;
  root.addEventListener("tether:error", (e) => (err = e.detail.message));
  rt.message(JSON.stringify({ s: 0, a: 0, e: "too many events: slow down" }));
  rt.flushUpdates();
  assert.equal(err, "too many events: slow down");
  assert.ok(root.classList.contains("tether-error"));
  assert.equal(rt.seq, 2);
});

test("binary frames are CBOR", async () => {
  const { rt, sock, root } = await setup(`<p data-tether-key="k">0</p>`);
  sock().accept();
  // {"s":1,"p":[[1,"k","hi"]]}
  const bytes = new Uint8Array([0xa2, 0x61, 0x73, 0x01, 0x61, 0x70, 0x81, 0x83, 0x01, 0x61, 0x6b, 0x62, 0x68, 0x69]);
  sock().receive(bytes.buffer);
  rt.flushUpdates();
  assert.equal(root.textContent, "hi");
});

test("the loading class and disabled state last until the ack", async () => {
  const { rt, sock } = await setup(`<button id="b" data-tether-click="save">save</button><button id="d" disabled data-tether-click="x">x</button><p data-tether-key="k">k</p>`);
  sock().accept();
  const b = document.getElementById("b");
  b.click();
  assert.ok(b.classList.contains("tether-loading"));
  assert.equal(b.disabled, true);
  b.click(); // disabled: no second event
  assert.equal(events(sock()).length, 1);
  rt.message(JSON.stringify({ s: 1, p: [[1, "k", "busy"]] })); // not an ack
  rt.flushUpdates();
  assert.ok(b.classList.contains("tether-loading"));
  rt.message(JSON.stringify({ s: 2, a: 1, p: [[1, "k", "done"]] }));
  rt.flushUpdates();
  assert.ok(!b.classList.contains("tether-loading"));
  assert.equal(b.disabled, false);
  assert.equal(document.getElementById("d").disabled, true);
});

test("a morph while loading keeps the loading state and takes the server's disabled state for the ack", async () => {
  const { rt, sock } = await setup(`<div data-tether-key="w"><button id="b" data-tether-click="save">save</button></div>`);
  sock().accept();
  document.getElementById("b").click();
  rt.message(JSON.stringify({ s: 1, p: [[0, "w", `<div data-tether-key="w"><button id="b" class="big" disabled data-tether-click="save">saved</button></div>`]] }));
  rt.flushUpdates();
  const b = document.getElementById("b");
  assert.ok(b.classList.contains("tether-loading") && b.classList.contains("big"));
  assert.equal(b.disabled, true);
  rt.message(JSON.stringify({ s: 2, a: 1 }));
  rt.flushUpdates();
  assert.equal(b.className, "big");
  assert.equal(b.disabled, true, "the server disabled it meanwhile");
});

test("offline: events queue in order, bounded, and go out after the connect frame", async () => {
  const { rt, sock, root } = await setup(`<button id="b" data-tether-click="x">x</button>`);
  rt.queue.max = 3;
  const errors = [];
  root.addEventListener("tether:error", (e) => errors.push(e.detail.message));
  for (let i = 1; i <= 4; i++) rt.pushEvent("e" + i, { n: i });
  assert.equal(errors.length, 1, "dropping the oldest is reported");
  sock().accept();
  assert.deepEqual(
    sock().sent.map((f) => f.t + (f.a || "")),
    ["connect", "pushe2", "pushe3", "pushe4"],
  );
});

test("reconnect: backoff, unacked and offline events resent in order, hooks told", async (t) => {
  mockTimers(t);
  const calls = [];
  const hooks = { H: { mounted: (el) => calls.push("mounted " + el.id), disconnected: () => calls.push("disconnected"), reconnected: () => calls.push("reconnected") } };
  const { rt, sock, root } = await setup(`<button id="b" data-tether-click="a">a</button><button id="c" data-tether-click="b">b</button><div id="h" data-tether-hook="H"></div>`, { hooks });
  const first = sock();
  first.accept();
  const b = document.getElementById("b");
  b.click(); // in flight when the connection drops
  rt.disconnect();
  assert.equal(first.closedByClient, true);
  assert.equal(rt.state, "disconnected");
  assert.ok(root.classList.contains("tether-disconnected"));
  document.getElementById("c").click(); // raised while offline
  assert.equal(FakeSocket.all.length, 1);
  t.mock.timers.tick(99);
  assert.equal(FakeSocket.all.length, 1);
  t.mock.timers.tick(1);
  assert.equal(FakeSocket.all.length, 2, "reconnects after the first backoff delay");
  sock().accept();
  assert.deepEqual(sock().sent.map((f) => [f.t, f.a, f.i]), [
    ["connect", undefined, undefined],
    ["click", "a", 1], // its ack was lost with the connection: sent again
    ["click", "b", 2], // raised while offline
  ]);
  assert.ok(b.classList.contains("tether-loading"), "the resent event still waits for its ack");
  assert.ok(document.getElementById("c").classList.contains("tether-loading"), "the offline one too");
  sock().receive({ s: 1, a: 2 });
  rt.flushUpdates();
  assert.ok(!b.classList.contains("tether-loading") && !b.disabled, "acked: usable again");
  assert.equal(rt.unacked.size, 0);
  // A later reconnect resends nothing that was acknowledged.
  rt.disconnect();
  t.mock.timers.tick(100);
  sock().accept();
  assert.deepEqual(sock().sent.map((f) => f.t), ["connect"]);
  assert.deepEqual(calls, ["mounted h", "disconnected", "reconnected", "disconnected", "reconnected"]);
});

test("backoff grows per failed attempt and is capped", async (t) => {
  mockTimers(t);
  const { sock } = await setup("");
  const delays = [];
  let at = Date.now();
  for (let i = 0; i < 6; i++) {
    sock().serverClose(4013, "busy");
    const n = FakeSocket.all.length;
    let waited = 0;
    while (FakeSocket.all.length === n) {
      t.mock.timers.tick(10);
      waited += 10;
    }
    delays.push(waited);
  }
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
  assert.ok(at >= 0);
});

test("a lost session reloads the page once, never in a loop", async () => {
  const storage = new MemoryStorage();
  let { rt, sock, reloads } = await setup("", { storage });
  sock().accept();
  // The server's refusal: a reload frame, then close code 4001.
  sock().receive({ s: 0, rl: true, e: "session expired" });
  rt.flushUpdates();
  sock().serverClose(4001, "session expired");
  assert.equal(reloads.length, 1);
  assert.equal(storage.getItem(RELOAD_KEY), "1");
  // The reloaded page is refused again: no second reload.
  ({ rt, sock, reloads } = await setup("", { storage }));
  sock().accept();
  const errors = [];
  rt.root.addEventListener("tether:error", (e) => errors.push(e.detail.message));
  sock().serverClose(4001, "session expired");
  assert.equal(reloads.length, 0);
  assert.equal(rt.state, "closed");
  assert.ok(rt.root.classList.contains("tether-error"));
  assert.deepEqual(errors, ["session expired"]);
  assert.equal(FakeSocket.all.length, 1, "no reconnect after giving up");
  // A page that works clears the guard, so a later loss may reload again.
  ({ rt, sock, reloads } = await setup("", { storage }));
  sock().accept();
  rt.message(JSON.stringify({ s: 1 }));
  assert.equal(storage.getItem(RELOAD_KEY), null);
  rt.message(JSON.stringify({ s: 2, rl: true }));
  rt.flushUpdates();
  assert.equal(reloads.length, 1);
});

test("malformed-frame closes surface an error and reconnect", async (t) => {
  mockTimers(t);
  const { rt, sock } = await setup("");
  let err = null;
  rt.root.addEventListener("tether:error", (e) => (err = e.detail.message));
  sock().accept();
  sock().serverClose(1009, "frame too large");
  assert.equal(err, "frame too large");
  t.mock.timers.tick(100);
  assert.equal(FakeSocket.all.length, 2);
});

test("dead connections: probe on visibility and online, silence past two heartbeats", async (t) => {
  mockTimers(t);
  const { rt, sock } = await setup("");
  sock().accept();
  const s1 = sock();
  // Socket died without a close event: online probes it.
  s1.readyState = 3;
  window.dispatchEvent(new Event("online"));
  assert.equal(FakeSocket.all.length, 2);
  sock().accept();
  // Hidden for longer than two heartbeats: replaced at once when shown.
  rt.conn.visibility(true);
  t.mock.timers.tick(41000);
  rt.conn.visibility(false);
  assert.equal(FakeSocket.all.length, 3);
  sock().accept();
  // Silent with data stuck in the send buffer: replaced.
  sock().bufferedAmount = 10;
  t.mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 4);
});

test("hooks: mounted, updated, destroyed, and pushEvent", async () => {
  const calls = [];
  const hooks = {
    Chart: {
      mounted(el, ctx) {
        calls.push("mounted " + el.id);
        ctx.pushEvent("ready", { id: el.id });
      },
      updated: (el) => calls.push("updated " + el.id),
      destroyed: (el) => calls.push("destroyed " + el.id),
    },
  };
  const { rt, sock } = await setup(`<div data-tether-key="w"><canvas id="c1" data-tether-hook="Chart" data-v="1"></canvas></div><ul data-tether-key="l"></ul>`, { hooks });
  assert.deepEqual(calls, ["mounted c1"]);
  sock().accept();
  assert.deepEqual(events(sock()).map((e) => [e.t, e.a, e.d]), [["push", "ready", { id: "c1" }]]);
  rt.message(JSON.stringify({ s: 1, p: [[0, "w", `<div data-tether-key="w"><canvas id="c1" data-tether-hook="Chart" data-v="2"></canvas></div>`]] }));
  rt.message(JSON.stringify({ s: 2, l: [[1, 3, "l", "i", `<li data-tether-key="i"><b id="c2" data-tether-hook="Chart"></b></li>`]] }));
  rt.flushUpdates();
  assert.deepEqual(calls, ["mounted c1", "updated c1", "mounted c2"]);
  rt.message(JSON.stringify({ s: 3, l: [[0, "i"]], p: [[0, "w", `<div data-tether-key="w"></div>`]] }));
  rt.flushUpdates();
  assert.deepEqual(calls.slice(3).sort(), ["destroyed c1", "destroyed c2"]);
});

test("a root morph keeps the focused field's value and caret; ignored elements stay", async () => {
  const { rt, sock, root } = await setup(`<form><input id="name" value="server"><textarea id="ta">a</textarea></form><div data-tether-ignore id="ig"><span>client</span></div><p>old</p>`);
  sock().accept();
  const input = document.getElementById("name");
  input.focus();
  input.value = "user typ";
  input.setSelectionRange(4, 4);
  rt.message(JSON.stringify({ s: 1, r: `<form><input id="name" value="server2" class="c"><textarea id="ta">b</textarea></form><div data-tether-ignore id="ig"></div><p>new</p>` }));
  rt.flushUpdates();
  assert.equal(document.getElementById("name"), input);
  assert.equal(document.activeElement, input);
  assert.equal(input.value, "user typ");
  assert.equal(input.selectionStart, 4);
  assert.equal(input.className, "c");
  assert.equal(document.getElementById("ta").value, "b");
  assert.equal(document.querySelector("#ig span").textContent, "client");
  assert.equal(root.querySelector("p").textContent, "new");
});

test("effects: title, url, toast, flash, announce, scroll, download", async (t) => {
  mockTimers(t);
  const { rt, sock } = await setup(`<input id="email"><section id="sec"></section>`);
  sock().accept();
  let scrolled = false;
  document.getElementById("sec").scrollIntoView = () => (scrolled = true);
  let downloaded = null;
  document.addEventListener("click", (e) => {
    if (e.target.hasAttribute("download")) {
      downloaded = e.target.getAttribute("href");
      e.preventDefault();
    }
  });
  rt.message(JSON.stringify({ s: 1, fx: { title: "T", url: "/next?p=2", toast: "Saved", flash: { "#email": "Invalid", "#sec": "Done" }, announce: "Saved it", scroll: "#sec", download: "/file.csv" } }));
  rt.flushUpdates();
  assert.equal(document.title, "T");
  assert.equal(location.pathname + location.search, "/next?p=2");
  assert.equal(document.querySelector(".tether-toast").textContent, "Saved");
  assert.equal(document.getElementById("email").nextElementSibling.textContent, "Invalid");
  assert.equal(document.querySelector("#sec .tether-flash").textContent, "Done");
  assert.ok(scrolled);
  assert.equal(downloaded, "/file.csv");
  t.mock.timers.tick(50);
  assert.equal(document.querySelector(".tether-announce").textContent, "Saved it");
  // A morph leaves the runtime's flash notes alone.
  rt.message(JSON.stringify({ s: 2, r: `<input id="email"><section id="sec"></section>` }));
  rt.flushUpdates();
  assert.ok(document.querySelector("#sec .tether-flash"));
  t.mock.timers.tick(1000);
  assert.equal(document.querySelector(".tether-toast"), null);
  assert.equal(document.querySelector(".tether-flash"), null);
  rt.message(JSON.stringify({ s: 3, fx: { url: "/replaced", replace: true } }));
  rt.flushUpdates();
  assert.equal(location.pathname, "/replaced");
});

test("list removals with a leave transition wait, and lose their key at once", async (t) => {
  mockTimers(t);
  const { rt, sock, root } = await setup(`<ul data-tether-key="l"><li data-tether-key="a" data-tether-transition-leave='["fade","t","gone"]'>a</li></ul>`);
  sock().accept();
  rt.message(JSON.stringify({ s: 1, l: [[0, "a"]] }));
  rt.flushUpdates();
  const li = root.querySelector("li");
  assert.ok(li, "still there while leaving");
  assert.ok(li.classList.contains("fade") && li.classList.contains("t"));
  assert.equal(li.hasAttribute("data-tether-key"), false);
  t.mock.timers.tick(60);
  await new Promise((r) => setImmediate(r));
  t.mock.timers.tick(60);
  assert.equal(root.querySelector("li"), null);
});

test("a leaving element that a morph matches again stays", async (t) => {
  mockTimers(t);
  const { rt, sock, root } = await setup(`<ul data-tether-key="l"><li data-tether-key="a" data-tether-transition-leave='["fade","t","gone"]'>a</li></ul>`);
  sock().accept();
  rt.message(JSON.stringify({ s: 1, l: [[0, "a"]] }));
  rt.flushUpdates();
  const li = root.querySelector("li");
  rt.message(JSON.stringify({ s: 2, r: `<ul data-tether-key="l"><li data-tether-key="b">b</li></ul>` }));
  rt.flushUpdates();
  t.mock.timers.tick(100);
  await new Promise((r) => setImmediate(r));
  t.mock.timers.tick(100);
  assert.equal(root.querySelector("li"), li);
  assert.equal(li.outerHTML, `<li data-tether-key="b">b</li>`);
});
