// A plain static file server for dist/, the way a real static host serves it:
// files only, correct content types, no single-page fallback (a missing path
// is a 404). Used by `make serve` and by the end-to-end tests.
//
// Usage: node e2e/static-server.mjs <root> <port> [--header "Name: value"]... [--gzip]
//
// --gzip compresses text and WebAssembly for clients that accept it, as
// most real static hosts do (`make bench`'s phone-like profile uses it).
import { createServer } from 'node:http';
import { createGzip } from 'node:zlib';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const [rootArg = 'dist', portArg = '8080', ...rest] = process.argv.slice(2);
const root = resolve(rootArg);
const port = Number(portArg);
const extraHeaders = {};
let gzip = false;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--gzip') gzip = true;
  if (rest[i] === '--header' && rest[i + 1]) {
    const [name, ...value] = rest[++i].split(':');
    extraHeaders[name.trim()] = value.join(':').trim();
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.parquet': 'application/vnd.apache.parquet',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
};

/** What --gzip compresses (Parquet is compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.csv']);

function plain(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extraHeaders }).end(text);
}

const server = createServer((req, res) => {
  try {
    serve(req, res);
  } catch (e) {
    // Never let one request take the server down.
    console.error(`static-server: ${req.method} ${req.url}: ${e}`);
    if (!res.headersSent) plain(res, 500, 'Internal server error');
    else res.destroy();
  }
});

function serve(req, res) {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    // A malformed percent-escape (/%zz) or URL: the client's fault.
    plain(res, 400, 'Bad request');
    return;
  }
  if (path.includes('\0')) {
    plain(res, 400, 'Bad request');
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  let stat;
  try {
    stat = statSync(file);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...extraHeaders }).end('Not found');
    return;
  }
  if (!stat.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...extraHeaders }).end('Not found');
    return;
  }
  const compress = gzip && COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    ...(compress ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : { 'Content-Length': stat.size }),
    'Cache-Control': 'no-cache',
    ...extraHeaders,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  if (compress) stream.pipe(createGzip({ level: 9 })).pipe(res);
  else stream.pipe(res);
}

server.listen(port, '127.0.0.1', () => {
  console.log(`serving ${root} at http://127.0.0.1:${port}/`);
});
