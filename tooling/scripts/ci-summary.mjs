// Sums vitest JSON reports into the one line CI reads: "N passed, N failed, N skipped".
// A report that is missing or unreadable counts as one failure, so a crashed run cannot pass.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

let passed = 0
let failed = 0
let skipped = 0
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    console.log(
      `  ${basename(file, '.json')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
    )
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + report.numTodoTests
    if (!report.success && report.numFailedTests === 0) failed += 1 // a suite failed to load
  } catch {
    failed += 1
  }
}
if (process.argv.length <= 2) failed += 1
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
