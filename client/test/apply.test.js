import assert from "node:assert/strict";
import { test } from "node:test";
import "./dom.js";
import { reset } from "./dom.js";
import { applyListOp, applyPatch, byKey } from "../src/apply.js";
import { morph } from "../src/morph.js";

const log = [];
const ops = {
  morph: (el, html) => morph(el, html, false, { updated: () => {}, removed: () => {}, morphing: () => {} }),
  updated: (el) => log.push(["updated", el.getAttribute("data-tether-key")]),
  removed: (el) => log.push(["removed", el.getAttribute("data-tether-key")]),
};

function root(html) {
  reset(`<div id="root">${html}</div>`);
  return document.getElementById("root");
}

const keys = (el) => [...el.querySelectorAll("[data-tether-key]")].map((e) => e.getAttribute("data-tether-key")).join(",");

test("patch op 0 morphs the keyed element in place", () => {
  const r = root(`<div data-tether-key="a" class="x"><span>old</span><input id="f"></div>`);
  const before = r.querySelector("#f");
  applyPatch(r, [0, "a", `<div data-tether-key="a" class="y"><span>new</span><input id="f"></div>`], ops);
  const a = byKey(r, "a");
  assert.equal(a.className, "y");
  assert.equal(a.querySelector("span").textContent, "new");
  assert.equal(r.querySelector("#f"), before, "the input node is kept");
});

test("patch op 1 sets text, op 2 sets and removes attributes", () => {
  const r = root(`<p data-tether-key="t">old <b>x</b></p><a data-tether-key="l" href="/a" title="t">l</a><input data-tether-key="i" value="1">`);
  applyPatch(r, [1, "t", "new <text>"], ops);
  assert.equal(byKey(r, "t").innerHTML, "new &lt;text&gt;");
  applyPatch(r, [2, "l", [["href", "/b"], ["title", null], ["aria-current", "page"]]], ops);
  const l = byKey(r, "l");
  assert.equal(l.getAttribute("href"), "/b");
  assert.equal(l.hasAttribute("title"), false);
  assert.equal(l.getAttribute("aria-current"), "page");
  applyPatch(r, [2, "i", [["value", "2"]]], ops);
  assert.equal(byKey(r, "i").value, "2");
});

test("patches skip data-tether-ignore elements and missing keys", () => {
  const r = root(`<p data-tether-key="t" data-tether-ignore>keep</p>`);
  applyPatch(r, [1, "t", "changed"], ops);
  applyPatch(r, [0, "t", `<p data-tether-key="t">changed</p>`], ops);
  assert.equal(byKey(r, "t").textContent, "keep");
  applyPatch(r, [1, "missing", "x"], ops); // warns, no throw
});

test("keys needing CSS escaping are found", () => {
  const r = root(`<p data-tether-key='a"b]c'>x</p>`);
  applyPatch(r, [1, 'a"b]c', "y"], ops);
  assert.equal(r.textContent, "y");
});

test("list ops: insert at every position, move and remove", () => {
  const r = root(`<ul data-tether-key="list"><li data-tether-key="b">b</li><li data-tether-key="d">d</li></ul>`);
  const list = byKey(r, "list");
  applyListOp(r, [1, 0, "b", "a", `<li data-tether-key="a">a</li>`], ops); // before b
  applyListOp(r, [1, 1, "b", "c", `<li data-tether-key="c">c</li>`], ops); // after b
  applyListOp(r, [1, 2, "list", "first", `<li data-tether-key="first">0</li>`], ops); // prepend
  applyListOp(r, [1, 3, "list", "last", `<li data-tether-key="last">9</li>`], ops); // append
  assert.equal(keys(list), "first,a,b,c,d,last");
  applyListOp(r, [2, 1, "last", "first"], ops); // move first after last
  applyListOp(r, [2, 0, "a", "d"], ops); // move d before a
  assert.equal(keys(list), "d,a,b,c,last,first");
  applyListOp(r, [0, "b"], ops);
  assert.equal(keys(list), "d,a,c,last,first");
  applyListOp(r, [2, 2, "list", "last"], ops);
  applyListOp(r, [2, 3, "list", "d"], ops);
  assert.equal(keys(list), "last,a,c,first,d");
});

test("order op rearranges keyed siblings in place", () => {
  const r = root(`<ul data-tether-key="list"><li>head</li><li data-tether-key="a">a</li><li data-tether-key="b">b</li><li data-tether-key="c">c</li><li>tail</li></ul>`);
  const list = byKey(r, "list");
  applyListOp(r, [3, "list", ["c", "b", "a"]], ops);
  assert.equal([...list.children].map((e) => e.textContent).join(","), "head,c,b,a,tail");
  applyListOp(r, [3, "list", ["b", "c", "a"]], ops);
  assert.equal(keys(list), "b,c,a");
});

test("list ops with ref '' prepend and append into the root", () => {
  const r = root(`<p data-tether-key="m">m</p>`);
  applyListOp(r, [1, 2, "", "s", `<p data-tether-key="s">s</p>`], ops);
  applyListOp(r, [1, 3, "", "e", `<p data-tether-key="e">e</p>`], ops);
  assert.equal(keys(r), "s,m,e");
});

test("a sequence of ops reproduces the server's order", () => {
  // Server list [1,2,3,4,5] becomes [5,3,new,1] (2 and 4 removed).
  const r = root(`<table><tbody data-tether-key="rows">${[1, 2, 3, 4, 5].map((i) => `<tr data-tether-key="r${i}"><td>${i}</td></tr>`).join("")}</tbody></table>`);
  const seq = [
    [0, "r2"],
    [0, "r4"],
    [2, 2, "rows", "r5"],
    [2, 1, "r5", "r3"],
    [1, 1, "r3", "rn", `<tr data-tether-key="rn"><td>new</td></tr>`],
  ];
  for (const op of seq) applyListOp(r, op, ops);
  assert.equal(keys(byKey(r, "rows")), "r5,r3,rn,r1");
  assert.equal(byKey(r, "rn").tagName, "TR", "table rows parse inside a template");
});

test("an insert of a key already present updates and moves it", () => {
  const r = root(`<div data-tether-key="l"><p data-tether-key="a">a</p><p data-tether-key="b">b</p></div>`);
  applyListOp(r, [1, 3, "l", "a", `<p data-tether-key="a">a2</p>`], ops);
  assert.equal(keys(r), "l,b,a");
  assert.equal(byKey(r, "a").textContent, "a2");
});
