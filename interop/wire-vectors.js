'use strict'

// Encodes fixed inputs with hypercore 11.36.1's own hypercore/alpha wire encoders
// (hypercore/lib/messages.js `wire`) and the replication capability (hypercore/lib/caps.js), and
// writes hyperbee-replication/src/test/resources/wire/wire-vectors.json. Deterministic: the same
// packages give the same file, which .ci/run regenerates and compares.
// Usage: node interop/wire-vectors.js

const fs = require('fs')
const path = require('path')
const c = require('compact-encoding')
const { wire } = require('hypercore/lib/messages')
const caps = require('hypercore/lib/caps')
const crypto = require('hypercore-crypto')

const OUT = path.join(__dirname, '..', 'hyperbee-replication', 'src', 'test', 'resources', 'wire')
const VERSION = require('hypercore/package.json').version

const hex = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')
// fixed byte strings: byte i = (seed + 7 * i) & 255
const bytes = (n, seed) => Buffer.from(Array.from({ length: n }, (_, i) => (seed + 7 * i) & 255))
const node = (index, size, seed) => ({ index, size, hash: bytes(32, seed) })

// JSON-safe copy of a message: Buffers and typed arrays as hex, everything else as is
function plain(v) {
  if (v === null || v === undefined) return null
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { hex: hex(v) }
  if (v instanceof Uint32Array) return { uint32: Array.from(v) }
  if (Array.isArray(v)) return v.map(plain)
  if (typeof v === 'object') {
    const out = {}
    for (const k of Object.keys(v)) out[k] = plain(v[k])
    return out
  }
  return v
}

const BIG = 2 ** 40 + 3 // beyond 32 bits: the 0xff varint form

const signer = {
  signature: 'ed25519',
  namespace: bytes(32, 11),
  publicKey: bytes(32, 12)
}
const manifest = { version: 1, hash: 'blake2b', allowPatch: false, quorum: 1, signers: [signer], prologue: null, linked: null, userData: null }

const cases = {
  handshake: [
    { seeks: false, capability: bytes(32, 1) },
    { seeks: true, capability: bytes(32, 2) }
  ],
  sync: [],
  request: [],
  cancel: [{ request: 0 }, { request: 1 }, { request: 300 }, { request: BIG }],
  data: [],
  noData: [
    { request: 1, reason: 0 },
    { request: 7, reason: 1 },
    { request: 70000, reason: 2 }
  ],
  want: [
    { start: 0, length: 2097152, any: false },
    { start: 2097152 * 3, length: 2097152, any: false },
    { start: 4096, length: 4096, any: true }
  ],
  unwant: [
    { start: 0, length: 2097152, any: false },
    { start: 8192, length: 4096, any: true }
  ],
  bitfield: [
    { start: 0, bitfield: new Uint32Array([]) },
    { start: 0, bitfield: new Uint32Array([0xffffffff, 1, 0x80000000]) },
    { start: 2097152, bitfield: new Uint32Array([0x12345678]) }
  ],
  range: [
    { drop: false, start: 0, length: 3 },
    { drop: false, start: 0, length: 1 },
    { drop: true, start: 5, length: 1 },
    { drop: true, start: 100, length: 200 },
    { drop: false, start: 1000, length: 0 }
  ],
  extension: [
    { name: 'hyperbee', message: Buffer.from('0c120a08c90112056b30313530', 'hex') },
    { name: '', message: Buffer.from('02796f', 'hex') },
    { name: 'test-ext', message: Buffer.alloc(0) },
    { name: 'ünïcødé', message: bytes(5, 3) }
  ]
}

// every sync flag combination, with small and large numbers
for (let flags = 0; flags < 32; flags++) {
  cases.sync.push({
    fork: flags % 3 === 0 ? 0 : flags * 1000,
    length: flags === 31 ? BIG : flags * 17,
    remoteLength: flags * 5,
    canUpgrade: (flags & 1) !== 0,
    uploading: (flags & 2) !== 0,
    downloading: (flags & 4) !== 0,
    hasManifest: (flags & 8) !== 0,
    allowPush: (flags & 16) !== 0
  })
}

// every request part combination (a block or a hash, never both: the replicator asks for one)
for (let flags = 0; flags < 64; flags++) {
  if ((flags & 3) === 3) continue
  cases.request.push({
    id: flags + 1,
    fork: flags & 1 ? 0 : 2,
    block: flags & 1 ? { index: flags * 3, nodes: flags % 5 } : null,
    hash: flags & 2 ? { index: flags * 11, nodes: 2 } : null,
    seek: flags & 4 ? { bytes: flags * 1000, padding: 3 } : null,
    upgrade: flags & 8 ? { start: flags, length: 300 } : null,
    manifest: (flags & 16) !== 0,
    priority: flags & 32 ? 1 + (flags % 3) : 0
  })
}

// every data part combination
for (let flags = 0; flags < 32; flags++) {
  cases.data.push({
    request: flags,
    fork: flags % 4,
    block: flags & 1 ? { index: flags, value: bytes(flags, flags), nodes: [node(2 * flags + 2, 10, flags), node(5, 300, 99)] } : null,
    hash: flags & 2 ? { index: 7, nodes: [node(7, 40, 1)] } : null,
    seek: flags & 4 ? { bytes: 12345, nodes: [] } : null,
    upgrade: flags & 8
      ? {
          start: 1,
          length: 2,
          nodes: [node(2, 1, 4), node(5, 2, 5)],
          additionalNodes: flags & 16 ? [node(11, 1, 6)] : [],
          signature: flags & 1 ? bytes(64, 7) : null
        }
      : null,
    manifest: flags & 16 ? manifest : null
  })
}

const messages = {}
for (const [type, list] of Object.entries(cases)) {
  messages[type] = list.map((m) => ({ message: plain(m), encoded: hex(c.encode(wire[type], m)) }))
}

// the capability for both roles over fixed keys and handshake hashes
const capabilities = []
for (let i = 0; i < 3; i++) {
  const key = bytes(32, 40 + i)
  const handshakeHash = bytes(64, 80 + i)
  for (const initiator of [true, false]) {
    capabilities.push({
      initiator,
      key: hex(key),
      handshakeHash: hex(handshakeHash),
      discoveryKey: hex(crypto.discoveryKey(key)),
      capability: hex(caps.replicate(initiator, key, handshakeHash))
    })
  }
}

fs.mkdirSync(OUT, { recursive: true })
const file = path.join(OUT, 'wire-vectors.json')
fs.writeFileSync(file, JSON.stringify({ hypercore: VERSION, messages, capabilities }, null, 1) + '\n')
console.log('wrote ' + path.relative(process.cwd(), file))
