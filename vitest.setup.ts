// Runs before every test file of the unit and int projects, which share one module graph per worker
// (`isolate: false` in vitest.config.ts, ADR 0039: the sources imported and PGlite's WebAssembly
// compiled once per worker instead of once per file took `pnpm test` from ~660 s to ~250 s).
//
// `@hono/node-server`'s `serve` replaces the global `Request` and `Response` with its lightweight
// classes (production wants them: they let it write a response without building a WHATWG one).
// Left installed for the next file, they change what `app.request()` gives back there: a header
// set on such a response's `headers` after the handler is lost once the body is read (the
// response conformance check clones it), so a file of socket tests would make the next file's
// header assertions fail. Each file starts with the globals Node gave the worker.
const key = Symbol.for('rustok.test.fetchGlobals')
const store = globalThis as typeof globalThis & {
  [key]?: { readonly Request: typeof Request; readonly Response: typeof Response }
}
const original = (store[key] ??= { Request: globalThis.Request, Response: globalThis.Response })
for (const name of ['Request', 'Response'] as const) {
  if (globalThis[name] !== original[name]) {
    Object.defineProperty(globalThis, name, {
      value: original[name],
      writable: true,
      configurable: true,
    })
  }
}
