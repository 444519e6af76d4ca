'use strict'

// The JS side of io.hyperbee.bench.TransportBenchmark: @hyperswarm/secret-stream 6.9.2 in memory
// (two streams piped through streamx duplexes, no sockets). Prints, as JSON:
// message64k: 64 KiB messages written on one stream and read on the other, per second and MB/s;
// handshake: connection setups (both sides: Noise XX + headers, until both are open) per second;
// and the crypto alone: sodium-secretstream push+pull of 64 KiB, noise-handshake XX both sides.
// Usage: node interop/transport-bench.js [seconds=5]

const NoiseSecretStream = require('@hyperswarm/secret-stream')
const Noise = require('noise-handshake')
const curve = require('noise-curve-ed')
const { Push, Pull } = require('sodium-secretstream')
const { Duplex } = require('streamx')
const sodium = require('sodium-native')

const SECONDS = Number(process.argv[2] || 5)
const MESSAGE = 64 * 1024

function keyPair(fill) {
  const publicKey = Buffer.alloc(32)
  const secretKey = Buffer.alloc(64)
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, Buffer.alloc(32, fill))
  return { publicKey, secretKey }
}

function pair() {
  let a = null
  let b = null
  a = new Duplex({ write(data, cb) { b.push(data); cb(null) } })
  b = new Duplex({ write(data, cb) { a.push(data); cb(null) } })
  const s1 = new NoiseSecretStream(true, a, { keyPair: keyPair(0) })
  const s2 = new NoiseSecretStream(false, b, { keyPair: keyPair(1) })
  return [s1, s2]
}

async function handshakes() {
  const end = Date.now() + SECONDS * 1000
  let n = 0
  const start = process.hrtime.bigint()
  while (Date.now() < end) {
    const [s1, s2] = pair()
    await Promise.all([s1.opened, s2.opened])
    s1.destroy()
    s2.destroy()
    n++
  }
  return perSecond(n, start)
}

async function messages() {
  const [s1, s2] = pair()
  await Promise.all([s1.opened, s2.opened])
  const message = Buffer.alloc(MESSAGE, 7)
  let received = 0
  let bytes = 0
  s2.on('data', (d) => { received++; bytes += d.byteLength })
  const end = Date.now() + SECONDS * 1000
  const start = process.hrtime.bigint()
  let sent = 0
  while (Date.now() < end) {
    // write in bursts and let the reader catch up, so that buffers stay bounded
    for (let i = 0; i < 64; i++) {
      s1.write(message)
      sent++
    }
    while (received < sent) await new Promise((resolve) => setImmediate(resolve))
  }
  const rate = perSecond(received, start)
  s1.destroy()
  s2.destroy()
  if (bytes !== received * MESSAGE) throw new Error('lost bytes')
  return { perSecond: rate, MBps: rate * MESSAGE / 1e6 }
}

function cryptoOnly() {
  const key = Buffer.alloc(32, 3)
  const push = new Push(key)
  const pull = new Pull(key)
  pull.init(push.header)
  const message = Buffer.alloc(MESSAGE, 7)
  let n = 0
  const end = Date.now() + SECONDS * 1000
  const start = process.hrtime.bigint()
  while (Date.now() < end) {
    for (let i = 0; i < 100; i++) pull.next(push.next(message))
    n += 100
  }
  const rate = perSecond(n, start)
  let hs = 0
  const hsEnd = Date.now() + SECONDS * 1000
  const hsStart = process.hrtime.bigint()
  while (Date.now() < hsEnd) {
    const i = new Noise('XX', true, keyPair(0), { curve })
    const r = new Noise('XX', false, keyPair(1), { curve })
    i.initialise(Buffer.alloc(0))
    r.initialise(Buffer.alloc(0))
    r.recv(i.send())
    i.recv(r.send())
    r.recv(i.send())
    hs++
  }
  return { secretstream64k: { perSecond: rate, MBps: rate * MESSAGE / 1e6 }, noiseXX: perSecond(hs, hsStart) }
}

function perSecond(n, start) {
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}

async function main() {
  const out = {
    node: process.version,
    secretStream: require('@hyperswarm/secret-stream/package.json').version,
    message64k: await messages(),
    handshake: await handshakes(),
    cryptoOnly: cryptoOnly()
  }
  console.log(JSON.stringify(out, null, 1))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
