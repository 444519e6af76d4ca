'use strict'

// The rest of the JS Hyperbee API, run with the pinned packages so the Java tests can compare:
// every codec hyperbee names (encode, decode, malformed UTF-8), typed puts and reads through a
// real bee, watch sequences, and snapshots taken before a truncation. Deterministic: fixed
// inputs and a seeded PRNG. Writes hyperbee-core/src/test/resources/interop-api/*.json.
// Usage: node interop/api.js   (also run by `npm run vectors`)

const fs = require('fs')
const os = require('os')
const path = require('path')
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')
const codecs = require('codecs')
const { prng } = require('./lib/prng')

const OUT = path.join(__dirname, '..', 'hyperbee-core', 'src', 'test', 'resources', 'interop-api')
const VERSIONS = {
  hyperbee: require('hyperbee/package.json').version,
  hypercore: require('hypercore/package.json').version,
  codecs: require('codecs/package.json').version
}
const STRING_CODECS = ['ascii', 'utf-8', 'hex', 'base64', 'ucs2', 'utf16le']
const hex = (buf) => Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('hex')

const STRINGS = [
  '', 'hello', 'h\u00e9llo', '\u20ac', '\u{1F600}', 'a\ud800b', '\udc00', '\ud83d',
  '\u0100\uffff\u00ff', '0aFfzz12', 'abc', 'a', '1g23', ' 12', 'ab\u00e9', 'aGVsbG8=',
  'aGVsbG8', 'aGV sbG8', 'a-_b', 'aGVs=bG8', 'ab==cd', 'AQ=ID', '==AQ', 'AQIDB', 'QR',
  '12\u00e934', '\t12', 'AQ==\nAQ', 'line\nbreak', '\u0000nul', '\ufeffbom'
]

const FIXED_BYTES = [
  '', '61', '61ff', 'eda080', 'e28241', 'c0af', 'f4908080', 'f09f98', 'efbbbf78', 'c3', 'c328',
  'e0a0', 'e080af', 'f0808080', 'f8888080', 'fe', 'ff', '80', 'bf', 'c2c2', 'e2a0e2a0', 'edbfbf',
  'ee8080', 'f48fbfbf', 'f090', 'f0908080', '7f80', '00', 'd800', '00d8', '3dd800de', '616263',
  'e282ac', 'f09f9880'
]

function randomBytes(n) {
  const next = prng(20261204)
  const out = []
  for (let i = 0; i < n; i++) {
    const len = next() % 12
    const b = Buffer.alloc(len)
    for (let j = 0; j < len; j++) {
      const r = next()
      // mostly bytes that start, continue or break UTF-8 sequences
      b[j] = r % 4 === 0 ? r % 0x80 : 0x80 + ((r >>> 8) % 0x80)
    }
    out.push(b.toString('hex'))
  }
  return out
}

function codecVectors() {
  const encode = []
  for (const name of STRING_CODECS) {
    for (const input of STRINGS) encode.push({ codec: name, input, bytes: hex(codecs(name).encode(input)) })
  }
  const decode = []
  for (const name of STRING_CODECS) {
    for (const bytes of FIXED_BYTES.concat(randomBytes(300))) {
      decode.push({ codec: name, bytes, output: codecs(name).decode(Buffer.from(bytes, 'hex')) })
    }
  }
  const jsonValues = [1, 1.5, 1e21, -0, 'x', '\ud800', null, true, [1, 'a', null], { b: 1, a: [2.5, {}] }, { 10: 1, 2: 2, b: 3 }]
  const json = []
  for (const name of ['json', 'ndjson']) {
    for (const value of jsonValues) json.push({ codec: name, value, bytes: hex(codecs(name).encode(value)) })
  }
  const jsonDecode = []
  const texts = ['{"a":1}', '{"a":1}\n', ' [1, 2] ', '"\\ud800"', '{"a":1,"a":2}', '{"a":', '1e400', '"\u00e9"']
  const rawJson = texts.map((t) => Buffer.from(t).toString('hex')).concat(['7b2261223a22ff227d', '22eda08022'])
  for (const name of ['json', 'ndjson']) {
    for (const bytes of rawJson) {
      let output = null
      let error = false
      try {
        output = JSON.stringify(codecs(name).decode(Buffer.from(bytes, 'hex')))
      } catch {
        error = true
      }
      jsonDecode.push({ codec: name, bytes, output, error })
    }
  }
  return { encode, decode, json, jsonDecode }
}

async function withBee(opts, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperbee-api-'))
  const core = new Hypercore(dir)
  const db = new Hyperbee(core, opts)
  try {
    await db.ready()
    return await fn(db, core)
  } finally {
    await db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function typedVectors() {
  const out = []
  const samples = {
    'utf-8': ['k\u00e9y', 'a\ud800'],
    ascii: ['key', '\u00e9\u0100'],
    hex: ['00ff', '0aFfzz'],
    base64: ['AQID', 'a-_b'],
    ucs2: ['k\u00e9', '\ud800'],
    utf16le: ['x', '\u{1F600}'],
    json: [{ a: 1 }, ['x', null]],
    ndjson: [1, 'v'],
    binary: ['text as binary', 'caf\u00e9']
  }
  for (const name of Object.keys(samples)) {
    const keyEncoding = name === 'json' || name === 'ndjson' ? 'utf-8' : name
    await withBee({ keyEncoding, valueEncoding: name }, async (db) => {
      const keys = keyEncoding === name ? samples[name] : ['one', 'two']
      for (let i = 0; i < keys.length; i++) await db.put(keys[i], samples[name][i])
      const raw = db.checkout(db.version, { keyEncoding: 'binary', valueEncoding: 'binary' })
      for await (const e of raw.createReadStream()) {
        const typed = await db.getBySeq(e.seq)
        out.push({
          keyEncoding,
          valueEncoding: name,
          seq: e.seq,
          key: hex(e.key),
          value: hex(e.value),
          readKey: JSON.stringify(typed.key instanceof Uint8Array ? hex(typed.key) : typed.key),
          readValue: JSON.stringify(typed.value instanceof Uint8Array ? hex(typed.value) : typed.value)
        })
      }
      await raw.close()
    })
  }
  return out
}

// The ops of a watch sequence on a bee with utf-8 keys and values; range: gte 'b', lt 'm'. Each
// truncation comes while a next() waits: JS misses one that comes between two next() calls
// (the version went down, so the waiting check does not see it) until the next append.
const WATCH_RANGE = { gte: 'b', lt: 'm' }
const WATCH_OPS = [
  { type: 'put', key: 'a', value: '1' },
  { type: 'put', key: 'b', value: '1' },
  { type: 'put', key: 'z', value: '1' },
  { type: 'put', key: 'c', value: '1' },
  { type: 'put', key: 'c', value: '1' },
  { type: 'del', key: 'nothing' },
  { type: 'del', key: 'b' },
  { type: 'batch', ops: [{ type: 'put', key: 'd', value: '2' }, { type: 'put', key: 'y', value: '2' }, { type: 'del', key: 'c' }] },
  { type: 'batch', ops: [{ type: 'put', key: 'x', value: '3' }, { type: 'put', key: 'n', value: '3' }] },
  { type: 'put', key: 'l', value: '4' },
  { type: 'put', key: 'zz', value: '4' },
  { type: 'truncate', length: 10 }, // at a batch's end: a cut inside one is another issue's
  { type: 'put', key: 'e', value: '5' },
  { type: 'put', key: 'zzz', value: '5' },
  { type: 'truncate', length: 3 },
  { type: 'put', key: 'q', value: '6' },
  { type: 'put', key: 'f', value: '6' }
]

function entry(e) {
  return e ? { seq: e.seq, key: e.key, value: e.value } : null
}

// True once the watcher waits for the core's next event: it has compared what there was.
async function idle(w) {
  while (w._resolveOnChange === null) {
    await new Promise((resolve) => setImmediate(resolve))
  }
  return null
}

async function watchVectors() {
  return withBee({ keyEncoding: 'utf-8', valueEncoding: 'utf-8' }, async (db, core) => {
    const w = db.watch(WATCH_RANGE)
    await w.ready()
    const steps = []
    let pending = null
    for (const op of WATCH_OPS) {
      if (op.type === 'put') await db.put(op.key, op.value)
      else if (op.type === 'del') await db.del(op.key)
      else if (op.type === 'truncate') await core.truncate(op.length)
      else {
        const b = db.batch()
        for (const o of op.ops) o.type === 'put' ? await b.put(o.key, o.value) : await b.del(o.key)
        await b.flush()
      }
      if (!pending) pending = w.next()
      const res = await Promise.race([pending.then((v) => ({ v })), idle(w)])
      if (!res) {
        steps.push({ op, version: db.version, change: null })
        continue
      }
      pending = null
      const [current, previous] = res.v.value
      const truncated = current.core.fork !== previous.core.fork
      const diff = []
      if (!truncated) {
        for await (const d of current.createDiffStream(previous, WATCH_RANGE)) {
          diff.push({ left: entry(d.left), right: entry(d.right) })
        }
      }
      steps.push({
        op,
        version: db.version,
        change: { current: current.version, previous: previous.version, truncated, diff: truncated ? null : diff }
      })
    }
    await w.close()
    return { range: WATCH_RANGE, steps }
  })
}

async function truncateVectors() {
  return withBee({ keyEncoding: 'utf-8', valueEncoding: 'utf-8' }, async (db, core) => {
    for (const k of ['a', 'b', 'c', 'd']) await db.put(k, k + '1')
    const snap = db.snapshot()
    const old = db.checkout(3)
    await snap.ready()
    await old.ready()
    await core.truncate(3)
    await db.put('x', 'x1')
    await db.put('y', 'y1')
    const read = async (bee) => {
      const out = []
      for await (const e of bee.createReadStream()) out.push(entry(e))
      return out
    }
    const res = {
      snapshot: { version: snap.version, entries: await read(snap) },
      checkout: { version: old.version, entries: await read(old) },
      live: { version: db.version, entries: await read(db) }
    }
    await snap.close()
    await old.close()
    return res
  })
}

function write(name, value) {
  fs.mkdirSync(OUT, { recursive: true })
  const text = JSON.stringify({ versions: VERSIONS, ...value }, null, 1) + '\n'
  fs.writeFileSync(path.join(OUT, name + '.json'), text)
  console.log('interop-api/' + name + '.json')
}

async function main() {
  if (VERSIONS.hyperbee !== '2.27.3' || VERSIONS.hypercore !== '11.36.1') {
    throw new Error('wrong package versions installed: ' + JSON.stringify(VERSIONS))
  }
  write('codecs', codecVectors())
  write('typed', { entries: await typedVectors() })
  write('watch', await watchVectors())
  write('truncate', await truncateVectors())
}

// Exit explicitly once every file is written: a closed watcher's stream can leave hypercore's
// event loop busy (seen: node spinning at ~75% CPU after the last file), which would hang CI.
main().then(() => process.exit(0), (err) => {
  console.error(err)
  process.exit(1)
})
