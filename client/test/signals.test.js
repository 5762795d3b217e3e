import assert from "node:assert/strict";
import { test } from "node:test";
import { events, reset, setup } from "./dom.js";
import { applyBindings, pairs } from "../src/signals.js";

test("pairs split at the last colon", () => {
  assert.deepEqual(pairs(" open:menu  hover:underline:hot xlink:href:link "), [
    ["open", "menu"],
    ["hover:underline", "hot"],
    ["xlink:href", "link"],
  ]);
});

test("bindings set text, visibility, classes and attributes", () => {
  reset(`
    <span id="t" data-tether-bind-text="count">0</span>
    <div id="s" data-tether-bind-show="open" hidden>menu</div>
    <div id="c" class="base" data-tether-bind-class="active:on hover:ring:hot"></div>
    <button id="a" data-tether-bind-attr="disabled:busy aria-label:label title:missing" title="keep"></button>`);
  const v = new Map(Object.entries({ count: 3, open: true, on: 1, hot: "yes", busy: true, label: "Save" }));
  applyBindings(document, v);
  const $ = (id) => document.getElementById(id);
  assert.equal($("t").textContent, "3");
  assert.equal($("s").hidden, false);
  assert.equal($("c").className, "base active hover:ring");
  assert.equal($("a").getAttribute("disabled"), "");
  assert.equal($("a").getAttribute("aria-label"), "Save");
  assert.equal($("a").getAttribute("title"), "keep", "unset signals leave elements alone");

  v.set("count", null).set("open", 0).set("on", false).set("busy", false).set("label", null);
  applyBindings(document, v);
  assert.equal($("t").textContent, "");
  assert.equal($("s").hidden, true);
  assert.equal($("c").className, "base hover:ring");
  assert.equal($("a").hasAttribute("disabled"), false);
  assert.equal($("a").hasAttribute("aria-label"), false);
});

test("server signals bind anywhere in the document, including new elements", async () => {
  const { rt, sock } = await setup(`<p data-tether-key="k">x</p>`);
  const outside = document.createElement("span");
  outside.setAttribute("data-tether-bind-text", "user");
  document.body.append(outside);
  sock().accept();
  rt.message(JSON.stringify({ s: 1, g: { user: "ann" } }));
  rt.flushUpdates();
  assert.equal(outside.textContent, "ann");
  rt.message(JSON.stringify({ s: 2, p: [[0, "k", `<p data-tether-key="k"><b data-tether-bind-text="user">?</b></p>`]] }));
  rt.flushUpdates();
  assert.equal(document.querySelector("b").textContent, "ann", "a morph's new element gets the current value");
});

test("directives run in the browser without sending anything", async () => {
  const { root, sock } = await setup(`
    <button id="b" data-tether-js='[["toggleClass","#menu","open shown"],["setAttr","this","aria-expanded","true"],["toggleSignal","menu"]]'>menu</button>
    <nav id="menu" class="x"></nav>
    <i id="m" data-tether-bind-show="menu" hidden></i>`);
  sock().accept();
  const b = document.getElementById("b");
  b.click();
  assert.equal(document.getElementById("menu").className, "x open shown");
  assert.equal(b.getAttribute("aria-expanded"), "true");
  assert.equal(document.getElementById("m").hidden, false);
  b.click();
  assert.equal(document.getElementById("menu").className, "x");
  assert.deepEqual(events(sock()), [], "no event reached the socket");
  assert.ok(root);
});

test("every directive command, and js-on naming another event", async () => {
  const { sock, rt } = await setup(`
    <input id="i" data-tether-js-on="input" data-tether-js='[["addClass","#t","a b"],["removeClass","#t","c"],["toggleAttr","#t","open"],["removeAttr","#t","title"],["setSignal","s",{"n":1}],["dispatch","my:evt"],["hide","#h"],["show","#v"]]'>
    <div id="t" class="c" title="x"></div><div id="h"></div><div id="v" hidden></div><b data-tether-bind-text="s"></b>`);
  sock().accept();
  let got = null;
  document.addEventListener("my:evt", (e) => (got = e.target.id));
  const i = document.getElementById("i");
  i.click(); // not the trigger
  assert.equal(document.getElementById("t").className, "c");
  i.dispatchEvent(new Event("input", { bubbles: true }));
  const t = document.getElementById("t");
  assert.equal(t.className, "a b");
  assert.equal(t.hasAttribute("open"), true);
  assert.equal(t.hasAttribute("title"), false);
  assert.equal(got, "i");
  assert.equal(document.getElementById("h").hidden, true);
  assert.equal(document.getElementById("v").hidden, false);
  assert.equal(document.querySelector("b").textContent, '{"n":1}');
  assert.equal(rt.signals.get("s").n, 1);
});
