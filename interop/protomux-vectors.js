'use strict'

// protomux 3.12.1 codec vectors: two real Protomux instances joined by an in-memory pipe run
// scripted scenarios (opens, pairing, corked batches with several opens, messages of several
// sizes, unknown message types, close, reopen, reject, the 8 MiB batch flush). Every frame each
// side writes is recorded in order, with what each side's callbacks saw. The Java Protomux runs
// the same scenarios (ProtomuxVectorsTest) and must write the same bytes.
// Writes hyperbee-replication/src/test/resources/vectors/protomux.json.
// Usage: node interop/protomux-vectors.js

const fs = require('fs')
const path = require('path')
const crypto = require('crypto')
const { EventEmitter } = require('events')
const Protomux = require('protomux')
const c = require('compact-encoding')

const OUT = path.join(__dirname, '..', 'hyperbee-replication', 'src', 'test', 'resources', 'vectors', 'protomux.json')
const hex = (b) => Buffer.from(b).toString('hex')
const INLINE = 4096 // frames up to this size are stored whole, larger ones as length + SHA-256

function frame(buf) {
  if (buf.length <= INLINE) return { length: buf.length, hex: hex(buf) }
  return { length: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex') }
}

// One direction of the pipe: what a mux writes is recorded and delivered to the other side later.
class Pipe extends EventEmitter {
  constructor(log) {
    super()
    this.log = log
    this.peer = null
    this.userData = null
    this.destroyed = false
  }
  write(buf) {
    const copy = Buffer.from(buf)
    this.log.push(frame(copy))
    queueMicrotask(() => this.peer.emit('data', copy))
    return true
  }
  pause() {}
  resume() {}
  end() {}
  destroy() {
    this.destroyed = true
    this.emit('close')
  }
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

function payload(n, seed) {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff
  return b
}

// The scenario context: two muxes, an event log, channel helpers shared by every scenario.
function context() {
  const aToB = []
  const bToA = []
  const events = []
  const pa = new Pipe(aToB)
  const pb = new Pipe(bToA)
  pa.peer = pb
  pb.peer = pa
  const a = new Protomux(pa)
  const b = new Protomux(pb)

  const describe = (ch) => ch.protocol + '/' + (ch.id ? hex(ch.id) : '')
  const describeBytes = (m) => (m.length <= 64 ? hex(m) : m.length + ':' + crypto.createHash('sha256').update(m).digest('hex'))

  // a channel with `types` raw message types that logs everything it sees
  function channel(side, mux, protocol, id, types = 2) {
    const ch = mux.createChannel({
      protocol,
      id,
      handshake: c.raw, // the Java channel's handshake is raw bytes: the rest of the open frame
      onopen(hs, ch) {
        events.push(side + ' open ' + describe(ch) + ' hs=' + (hs ? hex(hs) : ''))
      },
      onclose(remote, ch) {
        events.push(side + ' close ' + describe(ch) + ' remote=' + remote)
      },
      ondestroy(ch) {
        events.push(side + ' destroy ' + describe(ch))
      }
    })
    for (let t = 0; t < types; t++) {
      ch.addMessage({
        onmessage(m, ch) {
          events.push(side + ' message ' + describe(ch) + ' type=' + t + ' ' + describeBytes(m))
        }
      })
    }
    return ch
  }

  // b accepts every (protocol "test", any id) the peer opens, with handshake "b-" + id
  const accepted = []
  b.pair({ protocol: 'test' }, (id) => {
    const ch = channel('b', b, 'test', id)
    ch.open(Buffer.concat([Buffer.from('b-'), id || Buffer.alloc(0)]))
    accepted.push(ch)
  })

  return { a, b, aToB, bToA, events, channel, accepted }
}

const scenarios = {
  async 'open-messages-close-reopen'(x) {
    const ch = x.channel('a', x.a, 'test', Buffer.from('id-1'), 3)
    ch.open(Buffer.from('hs-a'))
    await settle()
    for (const n of [0, 1, 1000]) ch.messages[0].send(payload(n, 1))
    ch.messages[1].send(Buffer.from('x'))
    ch.messages[2].send(Buffer.from('type 2 is unknown to b'))
    await settle()
    x.accepted[0].messages[1].send(Buffer.from('pong'))
    await settle()
    ch.close()
    await settle()
    const again = x.channel('a', x.a, 'test', Buffer.from('id-1'))
    again.open(Buffer.alloc(0))
    await settle()
    again.messages[0].send(Buffer.from('again'))
    await settle()
    x.accepted[1].close()
    await settle()
  },

  async 'corked-opens'(x) {
    x.a.cork()
    const chs = []
    for (const name of ['c1', 'c2', 'c3']) {
      const ch = x.channel('a', x.a, 'test', Buffer.from(name))
      ch.open(Buffer.from('hs-' + name))
      ch.messages[0].send(Buffer.from('hello ' + name))
      chs.push(ch)
    }
    x.a.uncork()
    await settle()
    x.b.cork()
    for (const ch of x.accepted) ch.messages[1].send(Buffer.from('reply'))
    x.accepted[1].close()
    x.b.uncork()
    await settle()
    chs[0].close()
    chs[2].close()
    await settle()
  },

  async 'reject-and-reuse'(x) {
    const nobody = x.channel('a', x.a, 'nobody', null)
    nobody.open(Buffer.from('ignored'))
    await settle()
    const ch = x.channel('a', x.a, 'test', null)
    ch.open(Buffer.alloc(0))
    await settle()
    ch.messages[0].send(Buffer.from('after reject'))
    await settle()
  },

  async 'batch-flush-at-8mib'(x) {
    const ch = x.channel('a', x.a, 'test', Buffer.from('big'))
    ch.open(Buffer.alloc(0))
    await settle()
    x.a.cork()
    for (let i = 0; i < 4; i++) ch.messages[0].send(payload(3 * 1024 * 1024, i))
    x.a.uncork()
    await settle()
  }
}

async function main() {
  const out = { protomux: '3.12.1', scenarios: [] }
  for (const [name, run] of Object.entries(scenarios)) {
    const x = context()
    await run(x)
    out.scenarios.push({ name, aToB: x.aToB, bToA: x.bToA, events: x.events })
  }
  fs.writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n')
  console.log('wrote ' + OUT)
}

main()
