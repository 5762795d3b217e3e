import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeCBOR, half } from "../src/cbor.js";

const d = (...bytes) => decodeCBOR(new Uint8Array(bytes));
const text = (s) => {
  const b = [...new TextEncoder().encode(s)];
  return b.length < 24 ? [0x60 + b.length, ...b] : [0x78, b.length, ...b];
};

test("unsigned and negative integers of every width", () => {
  assert.equal(d(0x00), 0);
  assert.equal(d(0x17), 23);
  assert.equal(d(0x18, 24), 24);
  assert.equal(d(0x18, 0xff), 255);
  assert.equal(d(0x19, 0x01, 0x00), 256);
  assert.equal(d(0x1a, 0x00, 0x01, 0x00, 0x00), 65536);
  assert.equal(d(0x1b, 0, 0, 0, 1, 0, 0, 0, 1), 2 ** 32 + 1);
  assert.equal(d(0x20), -1);
  assert.equal(d(0x38, 0x63), -100);
  assert.equal(d(0x39, 0x03, 0xe7), -1000);
});

test("strings, bytes, simple values", () => {
  assert.equal(d(0x60), "");
  assert.equal(d(...text("héllo")), "héllo");
  assert.equal(d(...text("a".repeat(30))), "a".repeat(30));
  assert.deepEqual(d(0x43, 1, 2, 3), new Uint8Array([1, 2, 3]));
  assert.equal(d(0xf4), false);
  assert.equal(d(0xf5), true);
  assert.equal(d(0xf6), null);
});

test("floats: half, single, double", () => {
  assert.equal(d(0xf9, 0x3e, 0x00), 1.5);
  assert.equal(d(0xf9, 0xc4, 0x00), -4);
  assert.equal(d(0xf9, 0x7c, 0x00), Infinity);
  assert.ok(Number.isNaN(d(0xf9, 0x7e, 0x00)));
  assert.equal(d(0xf9, 0x00, 0x01), 2 ** -24); // smallest subnormal
  assert.ok(Object.is(half(0x8000), -0));
  assert.equal(d(0xfa, 0x47, 0xc3, 0x50, 0x00), 100000);
  assert.equal(d(0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a), 1.1);
});

test("arrays and maps nest; a __proto__ key stays an own property", () => {
  assert.deepEqual(d(0x83, 0x01, 0x82, 0x02, 0x03, 0x80), [1, [2, 3], []]);
  const m = d(0xa2, ...text("a"), 0x01, ...text("__proto__"), 0xa1, ...text("x"), 0xf5);
  assert.equal(m.a, 1);
  assert.deepEqual(Object.keys(m), ["a", "__proto__"]);
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.equal({}.x, undefined);
});

test("a whole update", () => {
  // {"s":3,"a":2,"p":[[1,"k","hi"]],"g":{"n":-2},"fx":{"title":"T"}}
  const bytes = [
    0xa5,
    ...text("s"), 0x03,
    ...text("a"), 0x02,
    ...text("p"), 0x81, 0x83, 0x01, ...text("k"), ...text("hi"),
    ...text("g"), 0xa1, ...text("n"), 0x21,
    ...text("fx"), 0xa1, ...text("title"), ...text("T"),
  ];
  assert.deepEqual(decodeCBOR(new Uint8Array(bytes).buffer), { s: 3, a: 2, p: [[1, "k", "hi"]], g: { n: -2 }, fx: { title: "T" } });
});

test("rejects truncated input, tags, indefinite lengths and trailing bytes", () => {
  assert.throws(() => d(0x19, 0x01), /truncated/);
  assert.throws(() => d(0x62, 0x61), /truncated/);
  assert.throws(() => d(0xc1, 0x00), /tags/);
  assert.throws(() => d(0x9f, 0x01, 0xff), /unsupported/);
  assert.throws(() => d(0x01, 0x02), /trailing/);
});
