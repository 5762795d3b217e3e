// Builds the browser runtime: client/src/index.js bundled and minified
// into dist/tether.js (IIFE, ES2020), plus tether.js.gz (gzip level 9)
// and tether.js.br (brotli quality 11). The output is deterministic.
//
//	node client/build.mjs [outdir]   (outdir defaults to client/dist)

import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, "dist"));

const result = await build({
  entryPoints: [join(here, "src/index.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  banner: { js: "/*! tether client runtime; includes idiomorph 0.8.0 (0BSD) */" },
  write: false,
  logLevel: "warning",
});
const js = Buffer.from(result.outputFiles[0].contents);

const gz = zlib.gzipSync(js, { level: 9 });
gz[9] = 3; // OS: Unix, whatever the platform (mtime is already 0)
const br = zlib.brotliCompressSync(js, {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: js.length,
  },
});
if (!zlib.gunzipSync(gz).equals(js) || !zlib.brotliDecompressSync(br).equals(js)) {
  throw new Error("compressed output does not round-trip");
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "tether.js"), js);
writeFileSync(join(out, "tether.js.gz"), gz);
writeFileSync(join(out, "tether.js.br"), br);
console.log(`tether.js ${js.length} B, gzip ${gz.length} B, brotli ${br.length} B -> ${out}`);
