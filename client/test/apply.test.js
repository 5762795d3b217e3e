import assert from "node:assert/strict";
import { test } from "node:test";
import "./dom.js";
import { reset } from "./dom.js";
import { KeyIndex, applyListOp, applyPatch } from "../src/apply.js";
import { morph } from "../src/morph.js";

const log = [];
const ops = {
  morph: (el, html) => morph(el, html, false, { updated: () => {}, removed: () => {}, morphing: () => {}, added: () => {} }),
  updated: (el) => log.push(["updated", el.getAttribute("data-tether-key")]),
  removed: (el) => log.push(["removed", el.getAttribute("data-tether-key")]),
};

function root(html) {
  reset(`<div id="root">${html}</div>`);
  return document.getElementById("root");
}

const byKey = (r, k) => new KeyIndex(r).get(k);
// Each call gets its own index, as each update does.
const patch = (r, p) => applyPatch(new KeyIndex(r), p, ops);
const listOp = (r, op) => applyListOp(new KeyIndex(r), op, ops);

const keys = (el) => [...el.querySelectorAll("[data-tether-key]")].map((e) => e.getAttribute("data-tether-key")).join(",");

test("patch op 0 morphs the keyed element in place", () => {
  const r = root(`<div data-tether-key="a" class="x"><span>old</span><input id="f"></div>`);
  const before = r.querySelector("#f");
  patch(r, [0, "a", `<div data-tether-key="a" class="y"><span>new</span><input id="f"></div>`]);
  const a = byKey(r, "a");
  assert.equal(a.className, "y");
  assert.equal(a.querySelector("span").textContent, "new");
  assert.equal(r.querySelector("#f"), before, "the input node is kept");
});

test("patch op 1 sets text, op 2 sets and removes attributes", () => {
  const r = root(`<p data-tether-key="t">old <b>x</b></p><a data-tether-key="l" href="/a" title="t">l</a><input data-tether-key="i" value="1">`);
  patch(r, [1, "t", "new <text>"]);
  assert.equal(byKey(r, "t").innerHTML, "new &lt;text&gt;");
  patch(r, [2, "l", [["href", "/b"], ["title", null], ["aria-current", "page"]]]);
  const l = byKey(r, "l");
  assert.equal(l.getAttribute("href"), "/b");
  assert.equal(l.hasAttribute("title"), false);
  assert.equal(l.getAttribute("aria-current"), "page");
  patch(r, [2, "i", [["value", "2"]]]);
  assert.equal(byKey(r, "i").value, "2");
});

test("patches skip data-tether-ignore elements; a missing key or unknown op throws", () => {
  const r = root(`<p data-tether-key="t" data-tether-ignore>keep</p><ul data-tether-key="l"></ul>`);
  patch(r, [1, "t", "changed"]);
  patch(r, [0, "t", `<p data-tether-key="t">changed</p>`]);
  assert.equal(byKey(r, "t").textContent, "keep");
  assert.throws(() => patch(r, [1, "missing", "x"]), /no element with key missing/);
  assert.throws(() => patch(r, [9, "l", "x"]), /unknown patch op 9/);
  assert.throws(() => listOp(r, [0, "gone"]), /no element with key gone/);
  assert.throws(() => listOp(r, [1, 3, "nope", "n", "<li></li>"]), /no element with key nope/);
  assert.throws(() => listOp(r, [2, 3, "l", "nope"]), /no element with key nope/);
  assert.throws(() => listOp(r, [3, "l", ["t", "nope"]]), /no element with key nope/);
  assert.throws(() => listOp(r, [1, 7, "l", "n", "<li></li>"]), /unknown list position 7/);
});

test("one index serves a whole update: inserts, removals and morphs keep it right", () => {
  const r = root(`<ul data-tether-key="l"><li data-tether-key="a">a</li><li data-tether-key="b"><i data-tether-key="b1">b1</i></li></ul>`);
  const ix = new KeyIndex(r);
  let scans = 0;
  const qsa = r.querySelectorAll.bind(r);
  r.querySelectorAll = (s) => (scans++, qsa(s));
  applyListOp(ix, [1, 3, "l", "c", `<li data-tether-key="c"><i data-tether-key="c1">c</i></li>`], ops);
  applyPatch(ix, [1, "c1", "c!"], ops);
  applyListOp(ix, [0, "b"], ops);
  assert.throws(() => ix.get("b1"), /no element with key b1/, "a removed subtree leaves the index");
  applyPatch(ix, [0, "a", `<li data-tether-key="a"><i data-tether-key="a1">a1</i></li>`], ops);
  applyPatch(ix, [1, "a1", "a!"], ops);
  applyListOp(ix, [3, "l", ["c", "a"]], ops);
  assert.equal(r.textContent, "c!a!");
  assert.equal(scans, 1, "the root is searched once");
  // Something else removed an element: the index notices and looks again.
  r.querySelector('[data-tether-key="c"]').remove();
  assert.throws(() => ix.get("c"), /no element with key c/);
});

test("keys needing CSS escaping are found", () => {
  const r = root(`<p data-tether-key='a"b]c'>x</p>`);
  patch(r, [1, 'a"b]c', "y"]);
  assert.equal(r.textContent, "y");
});

test("list ops: insert at every position, move and remove", () => {
  const r = root(`<ul data-tether-key="list"><li data-tether-key="b">b</li><li data-tether-key="d">d</li></ul>`);
  const list = byKey(r, "list");
  listOp(r, [1, 0, "b", "a", `<li data-tether-key="a">a</li>`]); // before b
  listOp(r, [1, 1, "b", "c", `<li data-tether-key="c">c</li>`]); // after b
  listOp(r, [1, 2, "list", "first", `<li data-tether-key="first">0</li>`]); // prepend
  listOp(r, [1, 3, "list", "last", `<li data-tether-key="last">9</li>`]); // append
  assert.equal(keys(list), "first,a,b,c,d,last");
  listOp(r, [2, 1, "last", "first"]); // move first after last
  listOp(r, [2, 0, "a", "d"]); // move d before a
  assert.equal(keys(list), "d,a,b,c,last,first");
  listOp(r, [0, "b"]);
  assert.equal(keys(list), "d,a,c,last,first");
  listOp(r, [2, 2, "list", "last"]);
  listOp(r, [2, 3, "list", "d"]);
  assert.equal(keys(list), "last,a,c,first,d");
});

test("order op rearranges keyed siblings in place", () => {
  const r = root(`<ul data-tether-key="list"><li>head</li><li data-tether-key="a">a</li><li data-tether-key="b">b</li><li data-tether-key="c">c</li><li>tail</li></ul>`);
  const list = byKey(r, "list");
  listOp(r, [3, "list", ["c", "b", "a"]]);
  assert.equal([...list.children].map((e) => e.textContent).join(","), "head,c,b,a,tail");
  listOp(r, [3, "list", ["b", "c", "a"]]);
  assert.equal(keys(list), "b,c,a");
});

test("list ops with ref '' prepend and append into the root", () => {
  const r = root(`<p data-tether-key="m">m</p>`);
  listOp(r, [1, 2, "", "s", `<p data-tether-key="s">s</p>`]);
  listOp(r, [1, 3, "", "e", `<p data-tether-key="e">e</p>`]);
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
  for (const op of seq) listOp(r, op);
  assert.equal(keys(byKey(r, "rows")), "r5,r3,rn,r1");
  assert.equal(byKey(r, "rn").tagName, "TR", "table rows parse inside a template");
});

test("an insert of a key already present updates and moves it", () => {
  const r = root(`<div data-tether-key="l"><p data-tether-key="a">a</p><p data-tether-key="b">b</p></div>`);
  listOp(r, [1, 3, "l", "a", `<p data-tether-key="a">a2</p>`]);
  assert.equal(keys(r), "l,b,a");
  assert.equal(byKey(r, "a").textContent, "a2");
});

test("a morph matches keyed children by key, never by position", () => {
  const r = root(`<ul data-tether-key="l"><li data-tether-key="a">A</li><li data-tether-key="b">B</li><li data-tether-key="c" id="own">C</li></ul>`);
  const [a, b, c] = r.querySelectorAll("li");
  patch(r, [0, "l", `<ul data-tether-key="l"><li data-tether-key="c" id="own">C</li><li data-tether-key="b">B2</li><li data-tether-key="n">N</li></ul>`]);
  const [x, y, z] = r.querySelectorAll("li");
  assert.equal(x, c, "row c moved, its own id kept");
  assert.equal(y, b, "row b kept its node though a, before it, left");
  assert.notEqual(z, a, "a new row is a new node, not a's");
  assert.equal(r.innerHTML, `<ul data-tether-key="l"><li data-tether-key="c" id="own">C</li><li data-tether-key="b">B2</li><li data-tether-key="n">N</li></ul>`, "no temporary ids left");
  assert.equal(a.isConnected, false);
});

test("a keyed form with a field named id morphs and keeps no temporary id", () => {
  const r = root(`<form data-tether-key="f"><input name="id" value="1"></form>`);
  const form = r.querySelector("form");
  patch(r, [0, "f", `<form data-tether-key="f" class="x"><input name="id" value="2"></form>`]);
  assert.equal(r.querySelector("form"), form);
  assert.equal(r.innerHTML, `<form data-tether-key="f" class="x"><input name="id" value="2"></form>`);
});
