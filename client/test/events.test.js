import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { events, mockTimers, reset, setup } from "./dom.js";
import { Limiter, collectForm, extraValues, fieldData, keyAllowed } from "../src/events.js";

test("a form's fields: multi-valued as arrays, unchecked and disabled left out", () => {
  reset(`<form id="f">
    <input name="title" value="Hi">
    <input type="checkbox" name="tags" value="a" checked>
    <input type="checkbox" name="tags" value="b">
    <input type="checkbox" name="tags" value="c" checked>
    <input type="checkbox" name="one" value="x" checked>
    <input type="checkbox" name="grp" value="only" checked><input type="checkbox" name="grp" value="other">
    <input type="checkbox" name="off">
    <input type="radio" name="size" value="s"><input type="radio" name="size" value="m" checked>
    <select name="pick" multiple><option value="1" selected>1</option><option value="2">2</option><option value="3" selected>3</option></select>
    <select name="single"><option value="u">u</option><option value="v" selected>v</option></select>
    <textarea name="body">text, with comma</textarea>
    <input name="dup" value="1"><input name="dup" value="2">
    <input name="gone" value="x" disabled>
    <fieldset disabled><input name="inner" value="x"></fieldset>
    <input type="file" name="upload">
    <button name="go" value="save">Save</button><button name="alt" value="other">Other</button>
  </form>`);
  const f = document.getElementById("f");
  assert.deepEqual(collectForm(f, f.querySelector("[name=go]")), {
    title: "Hi",
    tags: ["a", "c"],
    one: "x",
    grp: ["only"],
    size: "m",
    pick: ["1", "3"],
    single: "v",
    body: "text, with comma",
    dup: ["1", "2"],
    go: "save",
  });
});

test("field data: value, checked for a checkbox, array for a multiple select", () => {
  reset(`<input id="c" type="checkbox" value="yes" checked><input id="t" value="abc"><select id="m" multiple><option selected>a</option><option selected>b</option></select>`);
  assert.deepEqual(fieldData(document.getElementById("c")), { value: "yes", checked: true });
  assert.deepEqual(fieldData(document.getElementById("t")), { value: "abc" });
  assert.deepEqual(fieldData(document.getElementById("m")), { value: ["a", "b"] });
});

test("extra values and key filters", () => {
  reset(`<b id="e" data-tether-value-id="7" data-tether-value-row-name="x" data-tether-keys="Enter, ,Escape"></b>`);
  const e = document.getElementById("e");
  assert.deepEqual(extraValues(e), { id: "7", "row-name": "x" });
  assert.ok(keyAllowed(e, "Enter") && keyAllowed(e, " ") && keyAllowed(e, "Escape"));
  assert.ok(!keyAllowed(e, "a"));
  reset(`<b id="n"></b>`);
  assert.ok(keyAllowed(document.getElementById("n"), "a"));
});

test("limiter: debounce keeps the last of a burst, throttle sends first and last, blur waits for blur", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  reset(`<input id="d" data-tether-debounce="100"><input id="t" data-tether-throttle="100"><input id="b" data-tether-debounce="blur"><input id="n">`);
  const $ = (id) => document.getElementById(id);
  const lim = new Limiter();
  const sent = [];
  for (let i = 0; i < 5; i++) lim.run($("d"), "input", 0, () => sent.push("d" + i));
  for (let i = 0; i < 5; i++) lim.run($("t"), "input", 0, () => sent.push("t" + i));
  lim.run($("b"), "input", 0, () => sent.push("b0"));
  lim.run($("b"), "input", 0, () => sent.push("b1"));
  assert.deepEqual(sent, ["t0"]);
  t.mock.timers.tick(100);
  assert.deepEqual(sent, ["t0", "d4", "t4"]);
  t.mock.timers.tick(200);
  assert.deepEqual(sent, ["t0", "d4", "t4"]);
  lim.blurred($("b"));
  assert.deepEqual(sent, ["t0", "d4", "t4", "b1"]);
  // An immediate event sends pending timed ones first, in order.
  lim.run($("d"), "input", 0, () => sent.push("d5"));
  lim.run($("n"), "click", 0, () => sent.push("click"));
  assert.deepEqual(sent.slice(4), ["d5", "click"]);
});

test("a burst of input events sends one event after the default debounce", async (t) => {
  mockTimers(t);
  const { sock } = await setup(`<input id="q" name="q" data-tether-input="search" data-tether-value-scope="all">`);
  sock().accept();
  const q = document.getElementById("q");
  for (const v of ["a", "ab", "abc"]) {
    q.value = v;
    q.dispatchEvent(new Event("input", { bubbles: true }));
    t.mock.timers.tick(100);
  }
  assert.deepEqual(events(sock()), []);
  t.mock.timers.tick(300);
  assert.deepEqual(events(sock()), [{ t: "input", a: "search", d: { value: "abc", scope: "all" }, i: 1 }]);
});

test("submit sends every field, multi-valued as arrays, and prevents the browser's submit", async () => {
  const { sock } = await setup(`<form id="f" data-tether-submit="save">
    <input name="name" value="Ann">
    <input type="checkbox" name="roles" value="admin" checked><input type="checkbox" name="roles" value="dev" checked><input type="checkbox" name="roles" value="ops">
    <select name="langs" multiple><option selected>go</option><option selected>js</option></select>
    <button id="s">Save</button></form>`);
  sock().accept();
  const ev = new Event("submit", { bubbles: true, cancelable: true });
  document.getElementById("f").dispatchEvent(ev);
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(events(sock()), [{ t: "submit", a: "save", d: { name: "Ann", roles: ["admin", "dev"], langs: ["go", "js"] }, i: 1 }]);
});

test("click, change, key and focus events carry their data", async () => {
  const { sock } = await setup(`
    <button id="b" data-tether-click="inc" data-tether-value-by="2"><span id="inner">+</span></button>
    <input id="c" type="checkbox" value="on" data-tether-change="toggle">
    <input id="k" data-tether-keydown="key" data-tether-keys="Enter" value="v">
    <input id="f" data-tether-focus="focus" data-tether-blur="blur" value="fv">
    <div data-tether-window-keyup="esc" data-tether-keys="Escape"></div>`);
  sock().accept();
  document.getElementById("inner").click();
  const c = document.getElementById("c");
  c.checked = true;
  c.dispatchEvent(new Event("change", { bubbles: true }));
  const k = document.getElementById("k");
  k.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
  k.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  const f = document.getElementById("f");
  f.focus();
  f.blur();
  window.dispatchEvent(new KeyboardEvent("keyup", { key: "x" }));
  window.dispatchEvent(new KeyboardEvent("keyup", { key: "Escape" }));
  assert.deepEqual(
    events(sock()).map(({ t, a, d }) => [t, a, d]),
    [
      ["click", "inc", { by: "2" }],
      ["change", "toggle", { value: "on", checked: true }],
      ["keydown", "key", { key: "Enter" }],
      ["focus", "focus", {}],
      ["blur", "blur", { value: "fv" }],
      ["window-keyup", "esc", { key: "Escape" }],
    ],
  );
  assert.deepEqual(events(sock()).map((e) => e.i), [1, 2, 3, 4, 5, 6]);
});

test("directives run before the server event of the same click", async () => {
  const { sock } = await setup(`<button id="b" data-tether-click="go" data-tether-js='[["addClass","this","pressed"]]'>go</button>`);
  sock().accept();
  let classAtSend = null;
  const s = sock();
  const send = s.send.bind(s);
  s.send = (x) => {
    classAtSend = document.getElementById("b").className;
    send(x);
  };
  document.getElementById("b").click();
  assert.match(classAtSend, /pressed/);
});

test("links navigate on the client", async () => {
  const { sock } = await setup(`<a id="l" href="/other?x=2" data-tether-link>o</a><a id="ext" href="https://elsewhere.test/" data-tether-link>e</a>`);
  sock().accept();
  const ev = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
  document.getElementById("l").dispatchEvent(ev);
  assert.equal(ev.defaultPrevented, true);
  assert.equal(location.pathname + location.search, "/other?x=2");
  const ext = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
  document.getElementById("ext").addEventListener("click", (e) => e.preventDefault()); // keep happy-dom from navigating
  document.getElementById("ext").dispatchEvent(ext);
  assert.deepEqual(events(sock()), [{ t: "navigate", d: { url: "/other?x=2" }, i: 1 }], "the external link was left alone");
  window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
  assert.deepEqual(events(sock())[1], { t: "navigate", d: { url: "/other?x=2" }, i: 2 });
});

test("dblclick, and several key filters on one element each send their own action", async () => {
  const enc = (m) => JSON.stringify(m).replace(/"/g, "&quot;");
  const { sock } = await setup(`
    <label id="d" data-tether-dblclick="edit" data-tether-value-id="3">todo</label>
    <input id="k" data-tether-keydown-keys="${enc({ Enter: "save", Escape: "cancel" })}" data-tether-keydown="other">
    <input id="only" data-tether-keyup-keys="${enc({ " ": "space" })}">
    <div data-tether-window-keydown-keys="${enc({ "/": "search" })}"></div>
    <div data-tether-window-keydown-keys="{bad json" data-tether-window-keydown="any" data-tether-keys="/,?"></div>`);
  sock().accept();
  document.getElementById("d").dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
  const k = document.getElementById("k");
  for (const key of ["Enter", "Escape", "x"]) k.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
  const only = document.getElementById("only");
  for (const key of ["a", " ", "constructor"]) only.dispatchEvent(new KeyboardEvent("keyup", { key, bubbles: true }));
  window.dispatchEvent(new KeyboardEvent("keydown", { key: "/" }));
  assert.deepEqual(
    events(sock()).map(({ t, a, d }) => [t, a, d]),
    [
      ["dblclick", "edit", { id: "3" }],
      ["keydown", "save", { key: "Enter" }],
      ["keydown", "cancel", { key: "Escape" }],
      ["keydown", "other", { key: "x" }], // the unfiltered binding takes the other keys
      ["keyup", "space", { key: " " }],
      ["window-keydown", "search", { key: "/" }],
      ["window-keydown", "any", { key: "/" }], // a broken map falls back to the plain binding and its legacy filter
    ],
  );
});
