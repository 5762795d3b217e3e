import assert from "node:assert/strict";
import { test } from "node:test";
import { OfflineQueue } from "../src/offline.js";
import { backoffDelay, socketURL } from "../src/socket.js";

const t = { retry: 500, maxRetry: 10000, backoff: 1.5, jitter: false, heartbeat: 0 };

test("backoff without jitter is deterministic and capped", () => {
  const got = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => backoffDelay(a, t));
  assert.deepEqual(got, [500, 750, 1125, 1687.5, 2531.25, 3796.875, 5695.3125, 8542.96875, 10000, 10000]);
});

test("jitter scales the delay into [0.5, 1)", () => {
  const j = { ...t, jitter: true };
  assert.equal(backoffDelay(2, j, () => 0), 1125 / 2);
  assert.equal(backoffDelay(2, j, () => 0.5), 1125 * 0.75);
  assert.ok(backoffDelay(20, j, () => 0.999999) < 10000);
  for (let i = 0; i < 100; i++) {
    const d = backoffDelay(3, j);
    assert.ok(d >= 1687.5 / 2 && d < 1687.5);
  }
});

test("the socket URL is the page URL with a ws scheme", () => {
  assert.equal(socketURL(new URL("https://x.test:8443/app/page?a=1&b=2#h")), "wss://x.test:8443/app/page?a=1&b=2");
  assert.equal(socketURL(new URL("http://localhost:8080/")), "ws://localhost:8080/");
});

test("the offline queue keeps order and drops the oldest past its bound", () => {
  const q = new OfflineQueue(2);
  const ev = (i) => ({ t: "click", d: {}, i });
  assert.equal(q.push(ev(1)), undefined);
  assert.equal(q.push(ev(2)), undefined);
  assert.deepEqual(q.push(ev(3)), ev(1));
  assert.equal(q.size, 2);
  assert.deepEqual(q.drain().map((e) => e.i), [2, 3]);
  assert.equal(q.size, 0);
});
