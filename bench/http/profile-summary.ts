import { readFileSync } from 'node:fs'

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
}
interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** Where a function lives: a package of the workspace, an npm package, Node itself, or V8. */
function ownerOf(frame: CallFrame): string {
  const url = frame.url
  const npm = /node_modules\/\.pnpm\/(?:@[^+/]+\+)?([^@/]+)@/.exec(url)
  if (npm) return `npm ${npm[1]}`
  const workspace = /\/work\/[^/]+\/((?:packages|apps)\/[^/]+(?:\/src\/[^/.]+)?)/.exec(url)
  if (workspace) return workspace[1] ?? url
  if (url.startsWith('node:'))
    return url.replace(/^node:(internal\/)?/, 'node ').split('/')[0] ?? url
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : 'native'
  return url.replace(/^file:\/\//, '').slice(-40)
}

/**
 * The self time of a V8 `.cpuprofile`, by owner (package or module) and by function, as shares
 * of the profiled time with idle left out.
 */
export function summariseProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const owners = new Map<string, number>()
  const functions = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)
    const delta = profile.timeDeltas[index] ?? 0
    if (!node || node.callFrame.functionName === '(idle)') return
    total += delta
    const frame = node.callFrame
    const owner = ownerOf(frame)
    owners.set(owner, (owners.get(owner) ?? 0) + delta)
    const where = `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
    const name = `${frame.functionName || '(anonymous)'} ${where}`
    functions.set(name, (functions.get(name) ?? 0) + delta)
  })
  const table = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, value]) => `  ${((100 * value) / total).toFixed(1).padStart(5)}%  ${key}`)
      .join('\n')
  return `self time by owner (idle left out):\n${table(owners)}\nself time by function:\n${table(functions)}`
}
