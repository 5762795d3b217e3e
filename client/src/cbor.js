// A small CBOR (RFC 8949) decoder for server updates sent in binary
// frames. It supports what the server's encoder produces: unsigned and
// negative integers, byte and text strings, arrays, maps (any scalar key,
// used as an object key), half/single/double floats, false, true, null
// and undefined. Indefinite lengths and tags are rejected.

/**
 * Decodes one CBOR data item that must span the whole input.
 * @param {ArrayBuffer | Uint8Array} input
 * @returns {any}
 */
export function decodeCBOR(input) {
  const b = input instanceof Uint8Array ? input : new Uint8Array(input);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const text = new TextDecoder("utf-8", { fatal: true });
  let p = 0;

  /** @param {number} n */
  const take = (n) => {
    if (p + n > b.length) throw new Error("cbor: truncated");
    const at = p;
    p += n;
    return at;
  };

  /** @param {number} info */
  const arg = (info) => {
    if (info < 24) return info;
    if (info === 24) return b[take(1)];
    if (info === 25) return dv.getUint16(take(2));
    if (info === 26) return dv.getUint32(take(4));
    if (info === 27) {
      const at = take(8);
      // Past 2^53 precision is lost; the server never sends such values.
      return dv.getUint32(at) * 4294967296 + dv.getUint32(at + 4);
    }
    throw new Error("cbor: unsupported length " + info);
  };

  /** @returns {any} */
  const item = () => {
    const ib = b[take(1)];
    const major = ib >> 5;
    const info = ib & 31;
    if (major === 7) {
      switch (info) {
        case 20: return false;
        case 21: return true;
        case 22: return null;
        case 23: return undefined;
        case 25: return half(dv.getUint16(take(2)));
        case 26: return dv.getFloat32(take(4));
        case 27: return dv.getFloat64(take(8));
      }
      throw new Error("cbor: unsupported simple value " + info);
    }
    const n = arg(info);
    switch (major) {
      case 0: return n;
      case 1: return -1 - n;
      case 2: return b.slice(take(n), p);
      case 3: return text.decode(b.subarray(take(n), p));
      case 4: {
        const a = new Array(n);
        for (let i = 0; i < n; i++) a[i] = item();
        return a;
      }
      case 5: {
        /** @type {Record<string, any>} */
        const o = {};
        for (let i = 0; i < n; i++) {
          const k = String(item());
          // defineProperty, so a "__proto__" key stays an own property.
          Object.defineProperty(o, k, { value: item(), enumerable: true, writable: true, configurable: true });
        }
        return o;
      }
    }
    throw new Error("cbor: tags are not supported");
  };

  const v = item();
  if (p !== b.length) throw new Error("cbor: trailing bytes");
  return v;
}

/**
 * Converts an IEEE 754 half-precision float.
 * @param {number} h
 */
export function half(h) {
  const e = (h >> 10) & 31;
  const m = h & 1023;
  const v = e === 0 ? m * 2 ** -24 : e === 31 ? (m ? NaN : Infinity) : (1024 + m) * 2 ** (e - 25);
  return h & 0x8000 ? -v : v;
}
