'use strict'

// Replays every scenario in interop/scenarios/ against the real hyperbee and hypercore packages
// and writes one vector file per scenario into hyperbee-core/src/test/resources/vectors/.
// Usage: node interop/generate.js [scenario-name ...]   (no names = all scenarios)

const fs = require('fs')
const os = require('os')
const path = require('path')
const zlib = require('zlib')
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')
const crypto = require('hypercore-crypto')

const expand = require('./lib/expand')

const SCENARIOS = path.join(__dirname, 'scenarios')
const VECTORS = path.join(__dirname, '..', 'hyperbee-core', 'src', 'test', 'resources', 'vectors')
const GZIP_OVER = 1024 * 1024
const VERSIONS = {
  hyperbee: require('hyperbee/package.json').version,
  hypercore: require('hypercore/package.json').version,
  'hypercore-crypto': require('hypercore-crypto/package.json').version
}
const BINARY = { keyEncoding: 'binary', valueEncoding: 'binary' }

const hex = (buf) => Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('hex')
const fromHex = (s) => (s === null || s === undefined ? null : Buffer.from(s, 'hex'))

async function main() {
  if (VERSIONS.hyperbee !== '2.27.3' || VERSIONS.hypercore !== '11.36.1') {
    throw new Error('wrong package versions installed: ' + JSON.stringify(VERSIONS))
  }
  await selfCheck()

  const only = process.argv.slice(2)
  const files = fs
    .readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.json'))
    .sort()
  fs.mkdirSync(VECTORS, { recursive: true })

  if (!only.length) {
    // a full run owns the folder: drop vectors of scenarios that no longer exist
    const names = new Set(files.map((f) => f.slice(0, -'.json'.length)))
    for (const f of fs.readdirSync(VECTORS)) {
      const name = f.replace(/\.json(\.gz)?$/, '')
      if (!names.has(name)) fs.rmSync(path.join(VECTORS, f))
    }
  }

  for (const file of files) {
    const scenario = expand(JSON.parse(fs.readFileSync(path.join(SCENARIOS, file), 'utf-8')))
    if (scenario.name + '.json' !== file) throw new Error(file + ': name must match the file name')
    if (only.length && !only.includes(scenario.name)) continue

    const started = Date.now()
    const vector = await replay(scenario)
    const written = write(scenario.name, serialise(vector))
    console.log(
      '%s: %d ops, %d blocks, %d steps -> %s (%d bytes, %d ms)',
      scenario.name,
      scenario.ops.length,
      vector.blocks.length,
      vector.steps.length,
      path.basename(written.file),
      written.size,
      Date.now() - started
    )
  }
}

// The generator refuses to write anything unless hypercore reproduces the spec's TV2 exactly.
async function selfCheck() {
  const expected = {
    manifest:
      '0100000101004144eea531e483d54e0c14f4ca68e0644f355343ff6fcb0f005200e12cd747cb8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c',
    key: 'd8c3a0597903b28d751c6e0b7107775e388ec5a3cf669bdd1e7ec41b8b8f6e72',
    discoveryKey: 'fb892b1c77fdcb05dcbd234607208b7036e00a13e7f2cc0bbaa463924e57865a',
    treeHash: '7ea73eb86179fb7328e73663f90f4c91256574af1112efe97fdf9309e03b67a7',
    signature:
      '0100' +
      'ffc0d71651d8c0c24962a662c90f411f371945e3514669899d3189b832a1bd960415ee04d8ccb4c4159506ad230d223f33ca3dce6aa6d16d27e9fbd47efa2505' +
      '0000'
  }
  await withCore(Buffer.alloc(32, 1), async (core) => {
    await core.append([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')])
    const state = await coreState(core)
    const actual = {
      manifest: hex(core.getManifest({ raw: true })),
      key: hex(core.key),
      discoveryKey: hex(core.discoveryKey),
      treeHash: state.treeHash,
      signature: state.signature
    }
    for (const k of Object.keys(expected)) {
      if (actual[k] !== expected[k]) {
        throw new Error(`self-check against hypercore.md TV2 failed: ${k} is ${actual[k]}`)
      }
    }
  })
}

async function withCore(seed, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperbee-interop-'))
  const core = new Hypercore(dir, { keyPair: crypto.keyPair(seed) })
  try {
    await core.ready()
    return await fn(core)
  } finally {
    await core.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function coreState(core) {
  const signature = core.state.signature
  if (core.length > 0 && (!signature || signature.byteLength !== 68)) {
    throw new Error('expected a 68-byte signature container at length ' + core.length)
  }
  return {
    length: core.length,
    byteLength: core.byteLength,
    fork: core.fork,
    treeHash: hex(await core.treeHash()),
    signature: core.length > 0 ? hex(signature) : ''
  }
}

async function replay(scenario) {
  const codec = codecFor(scenario)
  const keyPair = crypto.keyPair(Buffer.from(scenario.seed, 'hex'))
  const recordEvery = scenario.recordEvery || 1

  return withCore(Buffer.from(scenario.seed, 'hex'), async (core) => {
    const metadata = scenario.metadata
      ? {
          contentFeed: fromHex(scenario.metadata.contentFeed),
          userData: fromHex(scenario.metadata.userData)
        }
      : null
    const bee = new Hyperbee(core, {
      keyEncoding: scenario.keyEncoding,
      valueEncoding: scenario.valueEncoding,
      metadata
    })
    // reads go through a binary view of the same core so results are the raw stored bytes
    const reader = new Hyperbee(core, BINARY)
    await bee.ready()
    await reader.ready()

    const steps = []
    const committed = [1] // versions between top-level writes: safe diff targets
    const last = scenario.ops.length - 1
    for (let i = 0; i < scenario.ops.length; i++) {
      const op = scenario.ops[i]
      const before = core.length
      let result
      try {
        result = isWrite(op) ? await write1(bee, codec, op) : await read1(scenario, reader, codec, op, committed)
      } catch (err) {
        err.message = `${scenario.name}: op ${i} ${JSON.stringify(op).slice(0, 200)}: ${err.message}`
        throw err
      }
      if (isWrite(op) && committed[committed.length - 1] !== bee.version) committed.push(bee.version)
      if (!isWrite(op) || (i + 1) % recordEvery === 0 || i === last) {
        const state = await coreState(core)
        const step = {
          op: i,
          length: state.length,
          byteLength: state.byteLength,
          fork: state.fork,
          version: bee.version,
          treeHash: state.treeHash,
          signature: state.signature
        }
        if (isWrite(op)) step.appended = core.length > before
        else step.result = result
        steps.push(step)
      }
    }

    const blocks = []
    for (let i = 0; i < core.length; i++) blocks.push(hex(await core.get(i, { valueEncoding: 'binary' })))
    checkSpecBlocks(scenario, blocks)

    await reader.close()
    await bee.close()

    return {
      scenario,
      versions: VERSIONS,
      publicKey: hex(keyPair.publicKey),
      secretKey: hex(keyPair.secretKey),
      key: hex(core.key),
      discoveryKey: hex(core.discoveryKey),
      manifest: hex(core.getManifest({ raw: true })),
      blocks,
      steps
    }
  })
}

// Scenarios taken from the spec's worked examples carry the block hex the spec prints; a
// mismatch means the spec (or this harness) is wrong, so nothing is written.
function checkSpecBlocks(scenario, blocks) {
  for (const [seq, expected] of Object.entries(scenario.specBlocks || {})) {
    if (blocks[seq] !== expected) {
      throw new Error(`${scenario.name}: block ${seq} is ${blocks[seq]}, the spec says ${expected}`)
    }
  }
}

function snap(committed, version) {
  let best = committed[0]
  for (const v of committed) if (v <= version) best = v
  return best
}

function isWrite(op) {
  return op.type === 'put' || op.type === 'del' || op.type === 'batch'
}

// How the scenario's JSON values become the arguments JS passes (decoded) and the raw bytes
// the bee stores (encoded).
function codecFor(scenario) {
  const forEncoding = (name) => {
    switch (name) {
      case 'utf-8':
        return { arg: (v) => v, bytes: (v) => Buffer.from(v, 'utf-8') }
      case 'binary':
        return { arg: (v) => Buffer.from(v, 'hex'), bytes: (v) => Buffer.from(v, 'hex') }
      case 'json':
        return { arg: (v) => v, bytes: (v) => Buffer.from(JSON.stringify(v), 'utf-8') }
      default:
        throw new Error('unknown encoding ' + name)
    }
  }
  const key = forEncoding(scenario.keyEncoding)
  const value = forEncoding(scenario.valueEncoding)
  return { key, value, valueEncoding: scenario.valueEncoding }
}

function subOf(bee, names, opts) {
  let target = bee
  for (const name of names || []) target = target.sub(name, opts)
  return target
}

function casOpt(codec, cas) {
  if (cas === undefined) return undefined
  if (cas === true) return { cas: () => true }
  if (cas === false) return { cas: () => false }
  if (cas && Object.prototype.hasOwnProperty.call(cas, 'prevValue')) {
    const expected = cas.prevValue === null ? null : codec.value.bytes(cas.prevValue)
    return {
      cas: (prev) => {
        const stored = prev.value === null ? null : storedValue(codec, prev.value)
        return expected === null || stored === null ? expected === stored : expected.equals(stored)
      }
    }
  }
  throw new Error('bad cas ' + JSON.stringify(cas))
}

// prev.value as handed to cas is decoded with the bee's value encoding; encode it back
function storedValue(codec, value) {
  switch (codec.valueEncoding) {
    case 'utf-8':
      return Buffer.from(value, 'utf-8')
    case 'binary':
      return value
    default:
      return Buffer.from(JSON.stringify(value), 'utf-8')
  }
}

async function applyWrite(target, codec, op) {
  const key = codec.key.arg(op.key)
  const opts = casOpt(codec, op.cas)
  if (op.type === 'put') {
    const value = op.value === null || op.value === undefined ? undefined : codec.value.arg(op.value)
    await target.put(key, value, opts)
  } else if (op.type === 'del') {
    await target.del(key, opts)
  } else {
    throw new Error('not a put/del: ' + JSON.stringify(op))
  }
}

async function write1(bee, codec, op) {
  if (op.type !== 'batch') return applyWrite(subOf(bee, op.sub), codec, op)
  if (op.sub) throw new Error('a batch takes no sub')
  const batch = bee.batch()
  for (const child of op.ops) {
    if (child.sub) throw new Error('ops inside a batch take no sub')
    await applyWrite(batch, codec, child)
  }
  await batch.flush()
}

function encodeRange(codec, opts) {
  const out = {}
  for (const k of Object.keys(opts || {})) {
    out[k] = ['gt', 'gte', 'lt', 'lte'].includes(k) ? codec.key.bytes(opts[k]) : opts[k]
  }
  return out
}

const entry = (e) => (e ? { seq: e.seq, key: hex(e.key), value: e.value === null ? null : hex(e.value) } : null)

async function collect(stream, map) {
  const out = []
  for await (const item of stream) out.push(map(item))
  return out
}

async function read1(scenario, reader, codec, op, committed) {
  switch (op.type) {
    case 'get': {
      const target = subOf(reader, op.sub, BINARY)
      return entry(await target.get(codec.key.bytes(op.key)))
    }
    case 'range': {
      const target = subOf(reader, op.sub, BINARY)
      return collect(target.createReadStream(encodeRange(codec, op.opts)), entry)
    }
    case 'diff': {
      if (op.sub) throw new Error('diff takes no sub')
      if (scenario.snapVersions) {
        // generated workloads name versions blindly; a version inside a batch may end on a
        // block with no index levels, which JS cannot check out, so use the last committed one
        op.other = snap(committed, op.other)
        if (op.version !== undefined) op.version = snap(committed, op.version)
      }
      if (op.otherBack !== undefined) {
        // generated diffs name a version relative to the current one; record it resolved
        op.other = committed[Math.max(0, committed.length - 1 - op.otherBack)]
        delete op.otherBack
      }
      const left = op.version !== undefined && op.version !== null ? reader.checkout(op.version) : reader
      try {
        return await collect(left.createDiffStream(op.other, encodeRange(codec, op.opts)), (d) => ({
          left: entry(d.left),
          right: entry(d.right)
        }))
      } finally {
        if (left !== reader) await left.close()
      }
    }
    case 'history': {
      if (op.sub) throw new Error('history takes no sub')
      return collect(reader.createHistoryStream(op.opts || {}), (h) => ({
        type: h.type,
        seq: h.seq,
        key: hex(h.key),
        value: h.value === null ? null : hex(h.value)
      }))
    }
    default:
      throw new Error('unknown op type ' + op.type)
  }
}

// One field, op, block or step per line: stable, diffable, and still plain JSON.
function serialise(vector) {
  const lines = ['{']
  const { scenario } = vector
  const head = Object.keys(scenario).filter((k) => k !== 'ops')
  lines.push(' "scenario": {')
  for (const k of head) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(scenario[k])},`)
  lines.push('  "ops": [')
  scenario.ops.forEach((op, i) => lines.push('   ' + JSON.stringify(op) + (i < scenario.ops.length - 1 ? ',' : '')))
  lines.push('  ]')
  lines.push(' },')
  for (const k of ['versions', 'publicKey', 'secretKey', 'key', 'discoveryKey', 'manifest']) {
    lines.push(` ${JSON.stringify(k)}: ${JSON.stringify(vector[k])},`)
  }
  for (const k of ['blocks', 'steps']) {
    const list = vector[k]
    lines.push(` ${JSON.stringify(k)}: [`)
    list.forEach((item, i) => lines.push('  ' + JSON.stringify(item) + (i < list.length - 1 ? ',' : '')))
    lines.push(k === 'blocks' ? ' ],' : ' ]')
  }
  lines.push('}')
  return lines.join('\n') + '\n'
}

function write(name, text) {
  const plain = path.join(VECTORS, name + '.json')
  const gz = plain + '.gz'
  fs.rmSync(plain, { force: true })
  fs.rmSync(gz, { force: true })
  if (Buffer.byteLength(text) > GZIP_OVER) {
    const data = zlib.gzipSync(text, { level: 9 })
    fs.writeFileSync(gz, data)
    return { file: gz, size: data.byteLength }
  }
  fs.writeFileSync(plain, text)
  return { file: plain, size: Buffer.byteLength(text) }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
