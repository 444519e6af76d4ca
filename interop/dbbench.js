'use strict'

// LevelDB's db_bench workloads on JS Hyperbee (the versions pinned in package.json), the JS
// reference for benchmarks/src/main/java/io/hyperbee/bench/DbBench.java. Same data as DbBench:
// 16-byte keys (the number zero-padded to 16 decimal digits, as DbBench.key), 100-byte values,
// binary encodings, an on-disk hypercore in a temp dir, one writer.
//
// Usage: node interop/dbbench.js [num=100000] [seconds=5]
//   num      keys of the prefilled database the reads run on, and key range of the random fills
//   seconds  time bound of each workload but fillseqBatch1000
//
// Workload names match DbBench's JMH method names so benchmarks' Report can put them side by side:
//   fillseqBatch1000                       empty db, batches of 1000, all num keys (no time bound)
//   fillrandomBatch1000                    empty db, batches of 1000 of random keys < num
//                                          (num keys or `seconds`)
//   fillseq, fillrandom                    empty db, one put per key (unbatched)
//   readrandom, readmissing                gets of random stored / never stored keys
//   seekrandom                             createReadStream({ gte: random key, limit: 1 })
//   readseq, readreverse                   one stream over all keys, forward / reverse
//   overwrite                              unbatched puts of random stored keys (runs last)
// Progress goes to stderr; stdout gets one JSON document: { num, seconds, versions, results:
// { <workload>: { ops, seconds, opsPerSec } } }. Rates count entries, as DbBench's scores do.

const fs = require('fs')
const os = require('os')
const path = require('path')
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')

const NUM = Number(process.argv[2] || 100000)
const SECONDS = Number(process.argv[3] || 5)
const KEY_SIZE = 16
const VALUE_SIZE = 100
const BATCH = 1000

if (!Number.isInteger(NUM) || NUM <= 0) throw new Error(`num must be a positive integer, got ${process.argv[2]}`)
if (!(SECONDS > 0)) throw new Error(`seconds must be positive, got ${process.argv[3]}`)

// deterministic PRNG (mulberry32)
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}
const rnd = prng(301)
const randomIndex = () => rnd() % NUM

// DbBench.key: the number zero-padded to 16 decimal digits
const key = (n) => Buffer.from(String(n).padStart(KEY_SIZE, '0'), 'latin1')
// sorts just before the stored key with the same 15-digit prefix, never stored (DbBench.readmissing)
const missingKey = (n) => {
  const k = key(n)
  k[KEY_SIZE - 1] = 0x2e // '.'
  return k
}
const VALUE = Buffer.alloc(VALUE_SIZE)
for (let i = 0; i < VALUE_SIZE; i++) VALUE[i] = rnd() & 0xff

const now = () => Number(process.hrtime.bigint()) / 1e9
const dirs = []

async function openBee() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperbee-dbbench-'))
  dirs.push(dir)
  const bee = new Hyperbee(new Hypercore(dir), { keyEncoding: 'binary', valueEncoding: 'binary' })
  await bee.ready()
  return bee
}

// Runs op(i) until `bound` seconds pass (never, when it is Infinity) or `limit` ops are done; op
// returns the entries it handled.
async function run(name, op, limit = Infinity, bound = SECONDS) {
  const start = now()
  const end = start + bound
  let ops = 0
  let t = start
  for (let i = 0; ops < limit && t < end; i++) {
    ops += await op(i)
    t = now()
  }
  const seconds = t - start
  const r = { ops, seconds, opsPerSec: ops / seconds }
  process.stderr.write(`${name.padEnd(20)} ${String(ops).padStart(9)} entries ${seconds.toFixed(2).padStart(7)} s ${Math.round(r.opsPerSec).toString().padStart(10)} /s\n`)
  return r
}

// One batch of BATCH puts per call; nextKey(n) gives the key of the n-th entry of the fill.
function fillBatched(bee, nextKey) {
  return async (i) => {
    const b = bee.batch()
    const n = Math.min(BATCH, NUM - i * BATCH)
    for (let j = 0; j < n; j++) await b.put(nextKey(i * BATCH + j), VALUE)
    await b.flush()
    return n
  }
}

async function main() {
  const results = {}
  process.stderr.write(`JS dbbench: num=${NUM}, ${SECONDS} s per workload\n`)

  // the sequential batched fill builds the database the reads use, so it always stores all num
  // keys (no time bound)
  const filled = await openBee()
  results.fillseqBatch1000 = await run('fillseqBatch1000', fillBatched(filled, key), NUM, Infinity)
  const storedIndex = () => rnd() % NUM

  {
    const bee = await openBee()
    results.fillrandomBatch1000 = await run('fillrandomBatch1000', fillBatched(bee, () => key(randomIndex())), NUM)
    await bee.close()
  }
  {
    const bee = await openBee()
    results.fillseq = await run('fillseq', async (i) => { await bee.put(key(i), VALUE); return 1 })
    await bee.close()
  }
  {
    const bee = await openBee()
    results.fillrandom = await run('fillrandom', async () => { await bee.put(key(randomIndex()), VALUE); return 1 })
    await bee.close()
  }

  results.readrandom = await run('readrandom', async () => {
    if ((await filled.get(key(storedIndex()))) === null) throw new Error('readrandom: stored key not found')
    return 1
  })
  results.readmissing = await run('readmissing', async () => {
    if ((await filled.get(missingKey(storedIndex()))) !== null) throw new Error('readmissing: found a key never stored')
    return 1
  })
  results.seekrandom = await run('seekrandom', async () => {
    for await (const e of filled.createReadStream({ gte: key(storedIndex()), limit: 1 })) if (!e) throw new Error('seek')
    return 1
  })
  for (const [name, opts] of [['readseq', {}], ['readreverse', { reverse: true }]]) {
    const op = scan(filled, opts)
    results[name] = await run(name, op)
    await op.close()
  }
  results.overwrite = await run('overwrite', async () => { await filled.put(key(storedIndex()), VALUE); return 1 })
  await filled.close()

  console.log(JSON.stringify({
    num: NUM,
    seconds: SECONDS,
    versions: {
      hyperbee: require('hyperbee/package.json').version,
      hypercore: require('hypercore/package.json').version,
      node: process.version
    },
    results
  }, null, 2))
}

// Reads one entry per call from a stream over the whole database, restarting it at the end;
// close() ends the open stream.
function scan(bee, opts) {
  let it = null
  const op = async () => {
    if (it === null) it = bee.createReadStream(opts)[Symbol.asyncIterator]()
    const { done } = await it.next()
    if (done) {
      it = null
      return 0
    }
    return 1
  }
  op.close = async () => {
    if (it !== null) await it.return()
    it = null
  }
  return op
}

main()
  .catch((err) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  })
