import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Session } from 'node:inspector'

/**
 * CPU profiling of a stretch of the process's life (the measured load, without start-up): the
 * first SIGUSR2 starts V8's profiler, the next writes `<dir>/stack-<pid>.cpuprofile` (open it in
 * Chrome DevTools or speedscope). Nothing happens without `dir`.
 */
export function profileOnSignal(dir: string | undefined): void {
  if (dir === undefined) return
  const session = new Session()
  session.connect()
  let running = false
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true
      session.post('Profiler.enable', () => session.post('Profiler.start'))
      return
    }
    running = false
    session.post('Profiler.stop', (error, result) => {
      if (error) throw error
      writeFileSync(join(dir, `stack-${process.pid}.cpuprofile`), JSON.stringify(result.profile))
      process.stdout.write('profile written\n')
    })
  })
}
