'use strict'

// Transport test vectors from the real JS packages (noise-handshake 4.2.0, noise-curve-ed 2.1.0,
// sodium-native, @hyperswarm/secret-stream 6.9.2), all from fixed inputs so that a rerun
// reproduces the file byte for byte. Writes
// hyperbee-replication/src/test/resources/vectors/transport.json.
// Usage: node interop/transport-vectors.js

const fs = require('fs')
const path = require('path')

// Fixed randomness for the real secret-stream: ephemeral keys and secretstream headers come
// from counters instead of the OS. Patched before @hyperswarm/secret-stream loads the modules.
const curve = require('noise-curve-ed')
const secretstream = require('sodium-secretstream')
const sodium = require('sodium-native')

const OUT = path.join(__dirname, '..', 'hyperbee-replication', 'src', 'test', 'resources', 'vectors', 'transport.json')
const hex = (b) => Buffer.from(b).toString('hex')

function bytes(label, n = 32) {
  // deterministic bytes: BLAKE2b-512 in counter mode over a label
  const out = Buffer.alloc(n)
  for (let i = 0; i * 64 < n; i++) {
    const block = Buffer.alloc(64)
    sodium.crypto_generichash(block, Buffer.from(label + '/' + i))
    block.copy(out, i * 64, 0, Math.min(64, n - i * 64))
  }
  return out
}

function keyPair(seed) {
  const publicKey = Buffer.alloc(32)
  const secretKey = Buffer.alloc(64)
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed)
  return { publicKey, secretKey }
}

function scalarOf(secretKey) {
  const sk = Buffer.alloc(64)
  sodium.crypto_hash_sha512(sk, secretKey.subarray(0, 32))
  sk[0] &= 248
  sk[31] &= 127
  sk[31] |= 64
  return sk.subarray(0, 32)
}

function scalarmult(scalar, point) {
  const out = Buffer.alloc(32)
  try {
    sodium.crypto_scalarmult_ed25519_noclamp(out, scalar, point)
    return hex(out)
  } catch {
    return null // libsodium returned -1: refused point or identity result
  }
}

function dhVectors() {
  const cases = []
  const add = (name, scalar, point) => cases.push({ name, scalar: hex(scalar), point: hex(point), result: scalarmult(scalar, point) })
  for (let i = 0; i < 64; i++) {
    const a = keyPair(bytes('dh-a-' + i))
    const b = keyPair(bytes('dh-b-' + i))
    add('keypair ' + i, scalarOf(a.secretKey), b.publicKey)
  }
  for (let i = 0; i < 16; i++) add('unclamped scalar ' + i, bytes('dh-raw-scalar-' + i), keyPair(bytes('dh-c-' + i)).publicKey)
  const P = keyPair(bytes('dh-torsion-base')).publicKey
  const s = scalarOf(keyPair(bytes('dh-torsion-scalar')).secretKey)
  // libsodium's small-order blacklist and the same bytes with the sign bit set
  const small = [
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0100000000000000000000000000000000000000000000000000000000000000',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'
  ]
  for (const h of small) {
    add('small order ' + h.slice(0, 8), s, Buffer.from(h, 'hex'))
    const neg = Buffer.from(h, 'hex')
    neg[31] |= 0x80
    add('small order, sign bit ' + h.slice(0, 8), s, neg)
  }
  // non-canonical y (y + p for y = 0..18, both signs)
  for (let y = 0; y <= 18; y++) {
    for (const sign of [0, 0x80]) {
      const p = Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex')
      let carry = y
      for (let i = 0; i < 32 && carry; i++) {
        const v = p[i] + carry
        p[i] = v & 0xff
        carry = v >> 8
      }
      p[31] |= sign
      add('non-canonical y+p, y=' + y + (sign ? ' negative' : ''), s, p)
    }
  }
  // mixed order: a prime-order point plus each small-order point (torsion component)
  for (const h of small.slice(2, 4)) {
    const q = Buffer.alloc(32)
    sodium.crypto_core_ed25519_add(q, P, Buffer.from(h, 'hex'))
    add('torsion P+' + h.slice(0, 8), s, q)
  }
  // random encodings: off the curve, off the subgroup, some valid
  for (let i = 0; i < 48; i++) add('random bytes ' + i, s, bytes('dh-random-point-' + i))
  // zero scalar, and scalars giving the identity: L and 8L-free multiples
  const L = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex')
  add('zero scalar', Buffer.alloc(32), P)
  add('scalar L (identity result)', L, P)
  const top = Buffer.from(s)
  top[31] |= 0x80
  add('scalar with top bit set', top, P)
  return cases
}

function hkdfVectors() {
  const { hkdf } = require('noise-handshake/hkdf')
  const hmac = require('noise-handshake/hmac')
  const cases = []
  for (const [saltLen, ikmLen] of [[64, 0], [64, 32], [64, 64], [32, 5], [64, 200], [129, 16], [0, 0]]) {
    const salt = bytes('hkdf-salt-' + saltLen + '-' + ikmLen, saltLen)
    const ikm = bytes('hkdf-ikm-' + saltLen + '-' + ikmLen, ikmLen)
    const [t1, t2] = hkdf(salt, ikm)
    const mac = Buffer.alloc(64)
    hmac(mac, [ikm], salt)
    cases.push({ salt: hex(salt), ikm: hex(ikm), t1: hex(t1), t2: hex(t2), hmac: hex(mac) })
  }
  return cases
}

function handshakeVectors() {
  const Noise = require('noise-handshake')
  const cases = []
  for (let n = 0; n < 6; n++) {
    const seeds = ['is', 'rs', 'ie', 're'].map((r) => bytes('hs-' + n + '-' + r))
    const i = new Noise('XX', true, keyPair(seeds[0]), { curve })
    const r = new Noise('XX', false, keyPair(seeds[1]), { curve })
    i.initialise(Buffer.alloc(0))
    r.initialise(Buffer.alloc(0))
    i.e = curve.generateKeyPair(seeds[2])
    r.e = curve.generateKeyPair(seeds[3])
    // recv keeps (and later zeroes) the ephemeral key inside the buffer it gets: hand it a copy
    const m1 = Buffer.from(i.send())
    r.recv(Buffer.from(m1))
    const m2 = Buffer.from(r.send())
    i.recv(Buffer.from(m2))
    const m3 = Buffer.from(i.send())
    r.recv(Buffer.from(m3))
    if (!i.complete || !r.complete || !Buffer.from(i.hash).equals(Buffer.from(r.hash))) throw new Error('handshake did not agree')
    cases.push({
      initiatorSeed: hex(seeds[0]), responderSeed: hex(seeds[1]),
      initiatorEphemeralSeed: hex(seeds[2]), responderEphemeralSeed: hex(seeds[3]),
      msg1: hex(m1), msg2: hex(m2), msg3: hex(m3),
      hash: hex(i.hash), initiatorTx: hex(i.tx), initiatorRx: hex(i.rx)
    })
  }
  return cases
}

const STATEBYTES = sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES
const TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
const TAG_REKEY = sodium.crypto_secretstream_xchacha20poly1305_TAG_REKEY

function pullState(key, header) {
  const st = Buffer.alloc(STATEBYTES)
  sodium.crypto_secretstream_xchacha20poly1305_init_pull(st, header, key)
  return st
}

function push(state, message, tag = TAG_MESSAGE) {
  const c = Buffer.alloc(message.byteLength + 17)
  sodium.crypto_secretstream_xchacha20poly1305_push(state, c, message, null, tag)
  return c
}

function message(n) {
  const m = Buffer.alloc(n)
  for (let i = 0; i < n; i++) m[i] = (i * 31 + n) % 251
  return m
}

function secretstreamVectors() {
  // init_pull with a fixed header is deterministic and leaves the same state init_push would:
  // a push state copied from it gives reproducible ciphertexts
  const key = bytes('ss-key')
  const header = bytes('ss-header', 24)
  const initState = pullState(key, header)
  const state = Buffer.from(initState)
  const small = []
  for (let n = 0; n <= 40; n++) small.push(hex(push(state, message(n))))
  const big = []
  for (const n of [16777198, 16777197, 16777183, 16777182, 16777168]) {
    const c = push(Buffer.from(initState), message(n))
    const h = Buffer.alloc(32)
    sodium.crypto_generichash(h, c)
    big.push({ length: n, blake2b256: hex(h), tail: hex(c.subarray(c.byteLength - 17)) })
  }
  // counter wrap: libsodium's state is k(32) || counter u32le(4) || inonce(8) || pad(8)
  const wrapState = Buffer.from(initState)
  wrapState.writeUInt32LE(0xfffffffe, 32)
  const wrapStart = hex(wrapState)
  const wrap = []
  for (let n = 0; n < 4; n++) wrap.push(hex(push(wrapState, message(5 + n))))
  const rekeyState = Buffer.from(initState)
  const rekeyTag = [hex(push(rekeyState, message(3), TAG_REKEY)), hex(push(rekeyState, message(4)))]
  return { key: hex(key), header: hex(header), initState: hex(initState), small, big, wrapStart, wrap, wrapEnd: hex(wrapState), rekeyTag }
}

async function liveStreamTranscript() {
  // two real NoiseSecretStreams piped in memory; ephemeral keys and headers from counters
  let ephemerals = 0
  const realGenerate = curve.generateKeyPair
  curve.generateKeyPair = (priv) => priv ? realGenerate(priv) : realGenerate(bytes('live-ephemeral-' + ephemerals++))
  let headers = 0
  const RealPush = secretstream.Push
  secretstream.Push = class FixedHeaderPush extends RealPush {
    constructor(key, state, header) {
      super(key, state, header)
      this.header.set(bytes('live-header-' + headers++, 24))
      this.state.set(pullState(key, this.header))
    }
  }
  const NoiseSecretStream = require('@hyperswarm/secret-stream')
  const { Duplex } = require('streamx')
  const wire = { initiator: [], responder: [] }
  let a = null
  let b = null
  a = new Duplex({ write(data, cb) { wire.initiator.push(Buffer.from(data)); b.push(data); cb(null) } })
  b = new Duplex({ write(data, cb) { wire.responder.push(Buffer.from(data)); a.push(data); cb(null) } })
  const iKeys = keyPair(bytes('live-initiator'))
  const rKeys = keyPair(bytes('live-responder'))
  const s1 = new NoiseSecretStream(true, a, { keyPair: iKeys })
  const s2 = new NoiseSecretStream(false, b, { keyPair: rKeys })
  const got = { initiator: [], responder: [] }
  s1.on('data', (d) => got.initiator.push(hex(d)))
  s2.on('data', (d) => got.responder.push(hex(d)))
  await Promise.all([s1.opened, s2.opened])
  const sent = { initiator: [message(5), message(0), message(1000)], responder: [message(1), message(70000)] }
  for (const m of sent.initiator) s1.write(m)
  for (const m of sent.responder) s2.write(m)
  await new Promise((resolve) => setTimeout(resolve, 200))
  const out = {
    initiatorSeed: hex(bytes('live-initiator')), responderSeed: hex(bytes('live-responder')),
    initiatorEphemeralSeed: hex(bytes('live-ephemeral-0')), responderEphemeralSeed: hex(bytes('live-ephemeral-1')),
    hash: hex(s1.handshakeHash),
    initiatorWire: hex(Buffer.concat(wire.initiator)), responderWire: hex(Buffer.concat(wire.responder)),
    initiatorSent: sent.initiator.map(hex), responderSent: sent.responder.map(hex),
    initiatorReceived: got.initiator, responderReceived: got.responder
  }
  if (!Buffer.from(s2.handshakeHash).equals(Buffer.from(s1.handshakeHash))) throw new Error('live hashes differ')
  s1.destroy()
  s2.destroy()
  return out
}

async function main() {
  const vectors = {
    versions: {
      'noise-handshake': require('noise-handshake/package.json').version,
      'noise-curve-ed': require('noise-curve-ed/package.json').version,
      '@hyperswarm/secret-stream': require('@hyperswarm/secret-stream/package.json').version,
      'sodium-native': require('sodium-native/package.json').version
    },
    dh: dhVectors(),
    hkdf: hkdfVectors(),
    handshakes: handshakeVectors(),
    secretstream: secretstreamVectors(),
    live: await liveStreamTranscript()
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true })
  fs.writeFileSync(OUT, JSON.stringify(vectors, null, 1) + '\n')
  console.log('wrote ' + OUT)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
