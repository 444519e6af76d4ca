'use strict'

// Runs scripted writes on the real hyperbee@2.27.3 / hypercore@11.36.1, then clearUnlinked, and
// records which seqs core.has() says are gone and which checkout reads still succeed, so the Java
// clearUnlinked can be held to the same answers (issue 16).
// Usage: node interop/clear-vectors.js   (writes hyperbee-core/src/test/resources/clear-vectors/clear.json)

const fs = require('fs')
const os = require('os')
const path = require('path')
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')
const crypto = require('hypercore-crypto')
const { prng } = require('./lib/prng')

const OUT = path.join(__dirname, '..', 'hyperbee-core', 'src', 'test', 'resources', 'clear-vectors', 'clear.json')
const BINARY = { keyEncoding: 'utf-8', valueEncoding: 'utf-8' }

function key(i) {
  return 'k' + String(i).padStart(4, '0')
}

// Each scenario: a seeded op list (put/del over a small key space), then clearUnlinked(options).
function ops(seed, count, keys, delShare) {
  const next = prng(seed)
  const out = []
  for (let n = 0; n < count; n++) {
    const k = key(next() % keys)
    if (next() % 100 < delShare) out.push(['del', k])
    else out.push(['put', k, 'v' + n])
  }
  return out
}

const SCENARIOS = [
  { name: 'overwrite-heavy', ops: ops(1, 300, 20, 0), options: {} },
  { name: 'delete-heavy', ops: ops(2, 300, 40, 45), options: {} },
  { name: 'fill-then-delete-all', ops: [...ops(3, 100, 100, 0), ...Array.from({ length: 100 }, (_, i) => ['del', key(i)])], options: {} },
  { name: 'window', ops: ops(4, 400, 30, 20), options: { gte: 100, lt: 300 } },
  { name: 'batches', ops: ops(5, 500, 60, 30), batch: 7, options: {} },
  { name: 'twice', ops: ops(6, 200, 25, 25), options: { gte: 0, lt: 120 }, then: { ops: ops(7, 100, 25, 25), options: {} } }
]

async function apply(bee, list, batchSize) {
  if (!batchSize) {
    for (const op of list) {
      if (op[0] === 'put') await bee.put(op[1], op[2])
      else await bee.del(op[1])
    }
    return
  }
  for (let i = 0; i < list.length; i += batchSize) {
    const b = bee.batch()
    for (const op of list.slice(i, i + batchSize)) {
      if (op[0] === 'put') await b.put(op[1], op[2])
      else await b.del(op[1])
    }
    await b.flush()
  }
}

async function run(scenario) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperbee-clear-'))
  const core = new Hypercore(dir, { keyPair: crypto.keyPair(Buffer.alloc(32, 7)) })
  const bee = new Hyperbee(core, BINARY)
  try {
    await bee.ready()
    const rounds = [scenario]
    if (scenario.then) rounds.push(scenario.then)
    const out = { name: scenario.name, batch: scenario.batch || 0, rounds: [] }
    for (const r of rounds) {
      await apply(bee, r.ops, scenario.batch)
      const version = bee.version
      await bee.clearUnlinked(r.options)
      const cleared = []
      for (let seq = 0; seq < core.length; seq++) {
        if (!(await core.has(seq))) cleared.push(seq)
      }
      // every key at a spread of versions: a value, null, or "unavailable"
      const reads = []
      const keys = [...new Set(r.ops.map((op) => op[1]))].sort()
      for (let v = 2; v <= version; v += Math.max(1, Math.floor(version / 12))) {
        const snap = bee.checkout(v)
        for (const k of keys.slice(0, 12)) {
          let got
          try {
            const node = await snap.get(k, { wait: false })
            got = node ? node.value : null
          } catch {
            got = 'unavailable'
          }
          reads.push([v, k, got])
        }
        await snap.close()
      }
      out.rounds.push({ ops: r.ops, options: r.options, version, cleared, reads })
    }
    return out
  } finally {
    await bee.close()
    await core.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  const versions = { hyperbee: require('hyperbee/package.json').version, hypercore: require('hypercore/package.json').version }
  if (versions.hyperbee !== '2.27.3' || versions.hypercore !== '11.36.1') {
    throw new Error('wrong package versions installed: ' + JSON.stringify(versions))
  }
  const scenarios = []
  for (const s of SCENARIOS) scenarios.push(await run(s))
  fs.mkdirSync(path.dirname(OUT), { recursive: true })
  fs.writeFileSync(OUT, JSON.stringify({ versions, scenarios }, null, 1) + '\n')
  console.log('wrote ' + scenarios.length + ' clearUnlinked scenarios to ' + OUT)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
