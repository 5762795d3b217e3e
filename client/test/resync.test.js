import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeSocket, events, mockTimers, setup } from "./dom.js";
import { RESYNC_MS } from "../src/runtime.js";

const send = (rt, u) => {
  rt.message(JSON.stringify(u));
  rt.flushUpdates();
};

test("a patch for a missing key asks for a resync once and ignores patches until a root morph", async () => {
  const { rt, sock, root } = await setup(`<p data-tether-key="a">a</p><p data-tether-key="b">b</p>`);
  sock().accept();
  root.querySelector('[data-tether-key="a"]').remove(); // as devtools would
  send(rt, { s: 1, p: [[1, "a", "A"], [1, "b", "B"]] });
  send(rt, { s: 2, p: [[1, "b", "B2"]], g: { n: 1 } });
  send(rt, { s: 3, l: [[0, "a"]] });
  const ev = events(sock());
  assert.deepEqual(ev, [{ t: "resync", d: { reason: "no element with key a" }, i: 1 }], "one resync, nothing else");
  assert.equal(root.textContent, "b", "patches after the failure are ignored");
  assert.equal(rt.signals.get("n"), 1, "signals still apply");
  send(rt, { s: 4, a: 1, r: `<p data-tether-key="a">a4</p><p data-tether-key="b">b4</p>` });
  assert.equal(root.textContent, "a4b4", "the root morph heals the page");
  send(rt, { s: 5, p: [[1, "b", "b5"]] });
  assert.equal(root.textContent, "a4b5", "patches apply again");
  assert.equal(events(sock()).length, 1);
});

test("an exception while morphing asks for a resync too", async () => {
  const { rt, sock, root } = await setup(`<div data-tether-key="w"><b>x</b></div>`);
  sock().accept();
  rt.ops.morph = () => {
    throw new Error("boom");
  };
  send(rt, { s: 1, p: [[0, "w", `<div data-tether-key="w">y</div>`]] });
  assert.deepEqual(events(sock()).map((e) => [e.t, e.d.reason]), [["resync", "boom"]]);
  assert.equal(root.textContent, "x");
});

test("no root morph within a few seconds: the runtime reconnects and asks again", async (t) => {
  mockTimers(t);
  const { rt, sock } = await setup(`<p data-tether-key="a">a</p>`);
  sock().accept();
  send(rt, { s: 1, p: [[1, "zz", "x"]] });
  send(rt, { s: 2, a: 1 }); // acknowledged, but no root morph
  t.mock.timers.tick(RESYNC_MS - 1);
  assert.equal(FakeSocket.all.length, 1);
  t.mock.timers.tick(1);
  assert.equal(rt.state, "disconnected", "the connection is dropped");
  t.mock.timers.tick(100);
  FakeSocket.last.accept();
  assert.deepEqual(events(FakeSocket.last).map((e) => [e.t, e.i]), [["resync", 2]]);
  send(rt, { s: 3, a: 2, r: `<p data-tether-key="a">healed</p>` });
  t.mock.timers.tick(RESYNC_MS * 2);
  assert.equal(FakeSocket.all.length, 2, "healed: no more reconnects");
  assert.equal(rt.root.textContent, "healed");
});
