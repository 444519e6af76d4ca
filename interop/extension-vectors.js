'use strict'

// The cache-warmup extension of hyperbee 2.27.3 ("hyperbee", lib/extension.js), asked and
// answered by the real packages: bees are built from recorded ops, then JS's own extension handler
// answers get and iterator queries and the cache messages it sends are recorded, framed as
// hypercore sends them (a compact-encoding buffer). Java rebuilds the same trees (checked by tree
// hash) and must answer the same queries with the same bytes. JS's iterator answers for a forward
// range without a limit come from concurrent preload chains and their order varies from run to run
// (only the set is stable), so those are marked unordered and kept as their message count and
// sorted seqs; every answer is checked stable over three runs here. Writes hyperbee-replication/src/test/resources/extension/vectors.json.
// Usage: node interop/extension-vectors.js

const fs = require('fs')
const os = require('os')
const path = require('path')
const c = require('compact-encoding')
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')
const { Extension } = require('hyperbee/lib/messages')
const { prng } = require('./lib/prng')

const OUT = path.join(__dirname, '..', 'hyperbee-replication', 'src', 'test', 'resources', 'extension')
const hex = (b) => Buffer.from(b).toString('hex')
const frame = (buf) => hex(c.encode(c.buffer, buf))
const key = (s) => Buffer.from(s)

// Trees: a list of ops, each [op, key, value]; 'batch' groups the puts that follow into one flush.
function randomOps(seed, n, dels) {
  const next = prng(seed)
  const ops = []
  const keys = []
  for (let i = 0; i < n; i++) {
    const k = 'k' + String(next() % 100000).padStart(5, '0')
    keys.push(k)
    ops.push(['put', k, 'v' + i])
  }
  for (let i = 0; i < dels; i++) ops.push(['del', keys[next() % keys.length]])
  return ops
}

function sequentialBatches(n, size) {
  const ops = []
  for (let i = 0; i < n; i += size) {
    const batch = []
    for (let j = i; j < Math.min(n, i + size); j++) batch.push(['put', 'key' + String(j).padStart(5, '0'), 'value ' + j])
    ops.push(['batch', batch])
  }
  return ops
}

async function build(bee, ops) {
  const versions = []
  for (const op of ops) {
    if (op[0] === 'put') await bee.put(key(op[1]), key(op[2]))
    else if (op[0] === 'del') await bee.del(key(op[1]))
    else {
      const b = bee.batch()
      for (const [, k, v] of op[1]) await b.put(key(k), key(v))
      await b.flush()
    }
    versions.push(bee.version)
  }
  return versions
}

// Runs JS's handler on one query and returns the framed messages it sends.
async function answer(bee, query) {
  const ext = bee.extension
  const sent = []
  ext.outgoing = { send: (buf) => sent.push(frame(buf)), broadcast: () => {} }
  if (query.get) {
    let closed = null
    const done = new Promise((resolve) => (closed = resolve))
    const checkout = bee.checkout.bind(bee)
    bee.checkout = (...args) => {
      const db = checkout(...args)
      const close = db.close.bind(db)
      db.close = () => {
        const p = close()
        closed()
        return p
      }
      return db
    }
    try {
      ext.onget(query.get, 'peer')
      if (query.get.version && query.get.version <= bee.version) await done
    } finally {
      bee.checkout = checkout
    }
  } else {
    await ext.oniterator(query.iterator, 'peer')
  }
  const atEnd = sent.length
  await new Promise((resolve) => setTimeout(resolve, 100))
  if (sent.length !== atEnd) throw new Error('late cache messages for ' + JSON.stringify(query))
  return sent
}

function iterator(version, range) {
  return {
    iterator: {
      version,
      gte: range.gte ? key(range.gte) : null,
      gt: range.gt ? key(range.gt) : null,
      lte: range.lte ? key(range.lte) : null,
      lt: range.lt ? key(range.lt) : null,
      limit: range.limit || 0,
      reverse: !!range.reverse,
      checkpoint: range.checkpoint || []
    }
  }
}

// A checkpoint as JS's asking side makes one: an iterator stopped after `steps` entries.
async function checkpointAfter(bee, range, steps) {
  const enc = {}
  for (const k of ['gte', 'gt', 'lte', 'lt']) if (range[k]) enc[k] = key(range[k])
  const ite = bee.createRangeIterator({ ...range, ...enc, extension: false })
  await ite.open()
  for (let i = 0; i < steps; i++) await ite.next()
  const snap = ite.snapshot(bee.version)
  await ite.close()
  return snap.checkpoint
}

// An unordered answer as the file keeps it (stable from run to run): its message count and its
// seqs, sorted.
function seqsOf(messages) {
  const seqs = []
  for (const m of messages) seqs.push(...Extension.decode(c.decode(c.buffer, Buffer.from(m, 'hex'))).cache.blocks)
  return { messages: messages.length, seqs: seqs.sort((a, b) => a - b) }
}

function encodeQuery(query) {
  if (query.get) return frame(Extension.encode({ get: query.get }))
  return frame(Extension.encode({ iterator: query.iterator }))
}

async function tree(name, ops, queriesOf) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extension-vectors-'))
  const core = new Hypercore(dir)
  const bee = new Hyperbee(core)
  try {
    await bee.ready()
    const versions = await build(bee, ops)
    const queries = []
    for (const { what, query, unordered } of await queriesOf(bee, versions)) {
      const runs = []
      for (let r = 0; r < 3; r++) runs.push(await answer(bee, query))
      const canonical = runs.map((run) => (unordered ? seqsOf(run) : run))
      if (canonical.some((run) => JSON.stringify(run) !== JSON.stringify(canonical[0]))) {
        throw new Error(name + ': the answer to ' + what + ' varies between runs')
      }
      queries.push({ what, query: encodeQuery(query), ordered: !unordered, answer: canonical[0] })
    }
    return { name, ops, length: core.length, treeHash: hex(await core.treeHash()), queries }
  } finally {
    await bee.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function getQueries(bee, versions, keys) {
  const v = bee.version
  const out = keys.map((k) => ({ what: 'get ' + k, query: { get: { version: v, key: key(k) } } }))
  out.push({ what: 'get at an old version', query: { get: { version: versions[Math.floor(versions.length / 3)], key: key(keys[0]) } } })
  out.push({ what: 'get at version 0 (ignored)', query: { get: { version: 0, key: key(keys[0]) } } })
  out.push({ what: 'get past the length (ignored)', query: { get: { version: v + 1, key: key(keys[0]) } } })
  return out
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true })
  const trees = []
  const random = randomOps(20261204, 400, 60)
  trees.push(await tree('random-400-puts-60-dels', random, async (bee, versions) => {
    const v = bee.version
    const present = random.filter((op) => op[0] === 'put').slice(0, 200).map((op) => op[1])
    const out = getQueries(bee, versions, [present[0], present[17], present[123], present[199], 'k00000', 'k99999', 'k5', ''])
    const ranges = [
      [{ gte: 'k20000' }, true],
      [{}, true],
      [{ gte: 'k20000', lt: 'k40000' }, true],
      [{ gt: 'k20000', limit: 10 }, false],
      [{ gte: 'k50000', lte: 'k70000', limit: 5 }, false],
      [{ lt: 'k60000', reverse: true }, false],
      [{ gt: 'k10000', lte: 'k60000', reverse: true, limit: 30 }, false]
    ]
    for (const [range, unordered] of ranges) out.push({ what: 'iterator ' + JSON.stringify(range), query: iterator(v, range), unordered })
    const older = versions[Math.floor(versions.length / 2)]
    out.push({ what: 'iterator at an old version', query: iterator(older, { gte: 'k30000', limit: 20 }) })
    for (const steps of [1, 7, 25]) {
      const range = { gte: 'k30000', limit: 60 }
      const checkpoint = await checkpointAfter(bee, range, steps)
      out.push({ what: 'iterator from a checkpoint after ' + steps, query: iterator(v, { ...range, limit: 60 - steps, checkpoint }) })
    }
    out.push({ what: 'iterator at version 0 (ignored)', query: iterator(0, { gte: 'k1' }) })
    out.push({ what: 'iterator with a bad checkpoint', query: iterator(v, { gte: 'k1', limit: 3, checkpoint: [v - 1, 99, 1] }) })
    return out
  }))
  const seq = sequentialBatches(3000, 250)
  trees.push(await tree('sequential-3000-in-batches', seq, async (bee, versions) => {
    const v = bee.version
    const out = getQueries(bee, versions, ['key00000', 'key01500', 'key02999', 'key03000', 'key00999'])
    out.push({ what: 'iterator over everything, reverse (stops at 2176)', query: iterator(v, { reverse: true }) })
    out.push({ what: 'iterator with a limit past 2176', query: iterator(v, { gte: 'key00100', limit: 2500 }) })
    out.push({ what: 'iterator of 100 entries', query: iterator(v, { gte: 'key01000', limit: 100 }) })
    out.push({ what: 'iterator forward, no limit, small range', query: iterator(v, { gte: 'key01000', lt: 'key01050' }), unordered: true })
    return out
  }))
  const file = path.join(OUT, 'vectors.json')
  fs.writeFileSync(file, JSON.stringify({ hyperbee: require('hyperbee/package.json').version, hypercore: require('hypercore/package.json').version, trees }, null, 1) + '\n')
  console.log('wrote ' + file)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
