'use strict'

// Throughput of JS Hyperbee (the versions pinned in package.json) on the issue-5 workloads, as
// the reference for the Java JMH numbers. utf-8 keys of 16 bytes, values of 100 bytes, on a
// default on-disk hypercore in a temp dir.
// Usage: node interop/bench.js [keys=1000000]

const fs = require('fs')
const os = require('os')
const path = require('path')
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')

const KEYS = Number(process.argv[2] || 1000000)
const BATCH = 1000
const PUTS = 20000
const GETS = 100000
const SCANS = 2000
const SCAN_LENGTH = 100
const DIFFS = 2000
const DIFF_DISTANCE = 10

const { prng } = require('./lib/prng') // deterministic (mulberry32)

const rnd = prng(5)
const hex8 = () => rnd().toString(16).padStart(8, '0')
const newKey = () => hex8() + hex8() // 16 bytes of utf-8
const VALUE = 'v'.repeat(100)

async function timed(name, ops, unit, fn) {
  const start = process.hrtime.bigint()
  const extra = await fn()
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { name, ops, unit, seconds, rate: ops / seconds, extra: extra || '' }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperbee-bench-'))
  const core = new Hypercore(dir)
  const bee = new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'utf-8' })
  await bee.ready()
  const keys = []
  printHeader() // rows print as each workload finishes, so a cut-short run still reports

  try {
    printRow(
      await timed(`batched put (${BATCH}/batch) building ${KEYS} keys`, KEYS, 'puts', async () => {
        for (let i = 0; i < KEYS; i += BATCH) {
          const b = bee.batch()
          for (let j = i; j < Math.min(KEYS, i + BATCH); j++) {
            const k = newKey()
            keys.push(k)
            await b.put(k, VALUE)
          }
          await b.flush()
        }
      })
    )

    const versionBeforePuts = bee.version
    printRow(
      await timed(`put (single, into ${KEYS} keys)`, PUTS, 'puts', async () => {
        for (let i = 0; i < PUTS; i++) await bee.put(newKey(), VALUE)
      })
    )

    printRow(
      await timed(`get (random hits, ${KEYS} keys)`, GETS, 'gets', async () => {
        for (let i = 0; i < GETS; i++) {
          const node = await bee.get(keys[rnd() % keys.length])
          if (node === null) throw new Error('missing key')
        }
      })
    )

    let scanned = 0
    const scan = await timed(`range scan (${SCAN_LENGTH} entries from a random key)`, SCANS, 'scans', async () => {
      for (let i = 0; i < SCANS; i++) {
        for await (const e of bee.createReadStream({ gte: keys[rnd() % keys.length], limit: SCAN_LENGTH })) {
          if (e) scanned++
        }
      }
    })
    scan.extra = `${Math.round(scanned / scan.seconds)} entries/s`
    printRow(scan)

    let changes = 0
    const diff = await timed(`diff of versions ${DIFF_DISTANCE} single puts apart`, DIFFS, 'diffs', async () => {
      for (let i = 0; i < DIFFS; i++) {
        const v = versionBeforePuts + DIFF_DISTANCE + (rnd() % (PUTS - DIFF_DISTANCE))
        const snap = bee.checkout(v)
        for await (const d of snap.createDiffStream(v - DIFF_DISTANCE)) if (d) changes++
        await snap.close()
      }
    })
    diff.extra = `${(changes / DIFFS).toFixed(1)} changes/diff`
    printRow(diff)
  } finally {
    await bee.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }

}

const pad = (s, n) => String(s).padEnd(n)
const lpad = (s, n) => String(s).padStart(n)

function printHeader() {
  const cpu = os.cpus()[0]
  console.log(
    `JS hyperbee ${require('hyperbee/package.json').version} / hypercore ${require('hypercore/package.json').version}, node ${process.version}, ${os.cpus().length} x ${cpu ? cpu.model : '?'}`
  )
  console.log('16-byte utf-8 keys, 100-byte values, on-disk core; ops/s over the whole run of each workload\n')
  console.log(`${pad('workload', 52)} ${lpad('ops', 8)} ${lpad('seconds', 8)} ${lpad('ops/s', 10)}  notes`)
}

function printRow(r) {
  console.log(
    `${pad(r.name, 52)} ${lpad(r.ops, 8)} ${lpad(r.seconds.toFixed(2), 8)} ${lpad(Math.round(r.rate), 10)}  ${r.unit}${r.extra ? ', ' + r.extra : ''}`
  )
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
