// What the index package offers today: its error class and its server module's declaration.
// Run it: npx tsx examples/index-module.ts
import { IndexError, isIndexError } from '@rustok/index'
import { indexModule } from '@rustok/index/http'

console.log(`module "${indexModule.name}", toggleable: ${indexModule.toggleable}`)
const stale = new IndexError('CONFLICT', 'the read model is being rebuilt')
console.log(isIndexError(stale), stale.code, stale.message)
