// Module hooks that append every resolved module URL to the file named by RESOLVE_LOG. Registered
// with `--import` by the framework-free entries test to see what importing an entry loads.
import { appendFileSync } from 'node:fs'
import { register } from 'node:module'

const hooks = `
import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context)
  appendFileSync(process.env.RESOLVE_LOG, result.url + '\\n')
  return result
}`
if (process.env.RESOLVE_LOG) {
  appendFileSync(process.env.RESOLVE_LOG, '')
  register(`data:text/javascript,${encodeURIComponent(hooks)}`)
}
