import { defineConfig } from 'tsup'

// One build config for every package: tsup walks up from the package folder to find it.
// Swapping tsup for tsdown later (once Node 22 is the floor) touches only this file.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  minify: false,
})
