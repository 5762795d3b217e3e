import assert from "node:assert/strict";
import { test } from "node:test";
import { events, setup } from "./dom.js";

const send = (rt, u) => {
  rt.message(JSON.stringify(u));
  rt.flushUpdates();
};

test("after its submit is acked, a form's fields take the server's values, the focused one included", async () => {
  const { rt, sock, root } = await setup(
    `<form id="f" data-tether-submit="add" data-tether-key="form"><input id="t" name="title"><input id="n" name="note" value="keep"><input type="checkbox" id="c" name="c"><ul data-tether-key="list"></ul></form><input id="out" value="o">`,
  );
  sock().accept();
  const t = document.getElementById("t");
  const n = document.getElementById("n");
  t.focus();
  t.value = "milk";
  n.value = "typed";
  document.getElementById("c").checked = true;
  document.getElementById("out").value = "outside";
  document.getElementById("f").dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  assert.deepEqual(events(sock()).map((e) => e.d), [{ title: "milk", note: "typed", c: "on" }]);
  // An update that is not the ack leaves the typed values alone.
  send(rt, { s: 1, l: [[1, 3, "list", "x", `<li data-tether-key="x">x</li>`]] });
  assert.equal(t.value, "milk");
  send(rt, { s: 2, a: 1, l: [[1, 3, "list", "milk", `<li data-tether-key="milk">milk</li>`]] });
  assert.equal(t.value, "", "the server renders the title empty");
  assert.equal(n.value, "keep");
  assert.equal(document.getElementById("c").checked, false);
  assert.equal(document.getElementById("out").value, "outside", "fields of other forms are left alone");
  assert.equal(document.activeElement, t, "focus stays");
  assert.equal(root.querySelectorAll("li").length, 2);
});

test("a value the server renders into the focused field while typing is the one a submit ack shows", async () => {
  const { rt, sock } = await setup(`<form id="f" data-tether-submit="go" data-tether-key="form"><input id="t" name="q" value="a"></form>`);
  sock().accept();
  const t = document.getElementById("t");
  t.focus();
  t.value = "abc";
  send(rt, { s: 1, p: [[0, "form", `<form id="f" data-tether-submit="go" data-tether-key="form"><input id="t" name="q" value="server"></form>`]] });
  assert.equal(t.value, "abc", "typing is not overwritten");
  document.getElementById("f").dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  send(rt, { s: 2, a: 1 });
  assert.equal(t.value, "server");
  assert.equal(events(sock()).length, 1);
});

test("autofocus works on inserted and morphed-in elements; the focus effect and hooks' focus pick by selector", async () => {
  let hookCtx = null;
  const hooks = { H: { mounted: (el, ctx) => (hookCtx = ctx) } };
  const { rt, sock } = await setup(`<ul data-tether-key="l"></ul><div data-tether-key="w"></div><input id="a"><input id="b"><b data-tether-hook="H"></b>`, { hooks });
  sock().accept();
  send(rt, { s: 1, l: [[1, 3, "l", "i", `<li data-tether-key="i"><input id="ins" autofocus></li>`]] });
  assert.equal(document.activeElement.id, "ins");
  send(rt, { s: 2, p: [[0, "w", `<div data-tether-key="w"><p><input id="mor" autofocus></p></div>`]] });
  assert.equal(document.activeElement.id, "mor");
  send(rt, { s: 3, fx: { focus: "#a" } });
  assert.equal(document.activeElement.id, "a");
  send(rt, { s: 4, fx: { focus: "[[bad" } }); // a bad selector does nothing
  assert.equal(document.activeElement.id, "a");
  hookCtx.focus("#b");
  assert.equal(document.activeElement.id, "b");
});
