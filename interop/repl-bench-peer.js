'use strict'

// The JS peer of the Java replication bench (benchmarks/.../repl/ReplBench.java): the same
// workloads, wiring and counting as /work/shared/bench/js-repl/bench.mjs, driven by the Java
// orchestrator one stdin line at a time, one answer line on stdout ("ok name=value ..." or
// "error MESSAGE"), the protocol of io.hyperbee.bench.repl.ReplPeer. Bare Hypercore cores on disk
// under BASE/NAME (the orchestrator owns BASE), TCP on 127.0.0.1 with TCP_NODELAY, replication
// as `socket.pipe(core.replicate(isInitiator)).pipe(socket)`.
//
// Usage: node interop/repl-bench-peer.js BASE
//   build NAME N               -> key length byteLength ms cpuS
//   serve NAME EXT             -> port   (EXT 1: a Hyperbee with its extension on the served core)
//   cpumark NAME | stats NAME  -> cpuS since the mark
//   unserve NAME | rm NAME | exit
//   replicate PORT KEY LENGTH LIMIT_S  -> ms timedOut blocks byteLength wireBytes cpuS requests
//                              (past LIMIT_S it stops: timedOut=1, blocks = blocks downloaded)

const net = require('net')
const fs = require('fs')
const path = require('path')
const readline = require('readline')
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')
const { prng } = require('./lib/prng')

const BASE = process.argv[2]
if (!BASE) throw new Error('usage: node repl-bench-peer.js BASE')
const BEE_OPTS = { keyEncoding: 'binary', valueEncoding: 'binary' }
const noop = () => {}
const now = () => Number(process.hrtime.bigint()) / 1e6
const cpuS = (since) => { const c = process.cpuUsage(since); return (c.user + c.system) / 1e6 }

// the data of bench.mjs: mulberry32 (as a float in [0, 1)), "%016d" keys, 100-byte values (50
// printable bytes twice)
function rng (seed) {
  const next = prng(seed)
  return () => next() / 4294967296
}
const key = (i) => Buffer.from(String(i).padStart(16, '0'))
const VALUE_POOL = (() => {
  const r = rng(301)
  const vals = []
  for (let v = 0; v < 1024; v++) {
    const half = Buffer.alloc(50)
    for (let j = 0; j < 50; j++) half[j] = 32 + Math.floor(r() * 95)
    vals.push(Buffer.concat([half, half]))
  }
  return vals
})()
const value = (i) => VALUE_POOL[i & 1023]

function tune (sock) {
  sock.on('error', noop)
  sock.setNoDelay(true)
  return sock
}

const served = new Map()

const commands = {
  async build ([name, n]) {
    n = parseInt(n)
    const core = new Hypercore(path.join(BASE, name))
    const bee = new Hyperbee(core, BEE_OPTS)
    await bee.ready()
    const t0 = now()
    const cpu0 = process.cpuUsage()
    for (let i = 0; i < n; i += 1000) {
      const b = bee.batch()
      for (let j = i; j < Math.min(n, i + 1000); j++) await b.put(key(j), value(j))
      await b.flush()
    }
    const res = { key: core.key.toString('hex'), length: core.length, byteLength: core.byteLength, ms: now() - t0, cpuS: cpuS(cpu0) }
    await bee.close()
    await core.close()
    return res
  },

  async serve ([name, ext]) {
    const core = new Hypercore(path.join(BASE, name))
    await core.ready()
    const bee = new Hyperbee(core, ext === '1' ? BEE_OPTS : { ...BEE_OPTS, extension: false })
    await bee.ready()
    const conns = new Set()
    const server = net.createServer((sock) => {
      tune(sock)
      conns.add(sock)
      sock.on('close', () => conns.delete(sock))
      const rs = core.replicate(false)
      rs.on('error', noop)
      sock.pipe(rs).pipe(sock)
    })
    server.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    served.set(name, { core, bee, server, conns, cpu0: process.cpuUsage() })
    return { port: server.address().port }
  },

  async cpumark ([name]) { served.get(name).cpu0 = process.cpuUsage(); return {} },
  async stats ([name]) { return { cpuS: cpuS(served.get(name).cpu0) } },

  async unserve ([name]) {
    const s = served.get(name)
    served.delete(name)
    s.server.close()
    for (const c of s.conns) c.destroy()
    await s.bee.close().catch(noop)
    await s.core.close().catch(noop)
    return {}
  },

  async rm ([name]) { fs.rmSync(path.join(BASE, name), { recursive: true, force: true }); return {} },

  // bench.mjs's replicateAll: a fresh reader that knows only the key downloads every block;
  // done when length and contiguousLength reach LENGTH; time from the TCP connect
  async replicate ([port, keyHex, length, limitS]) {
    length = parseInt(length)
    const dir = fs.mkdtempSync(path.join(BASE, 'full-reader-'))
    const core = new Hypercore(dir, Buffer.from(keyHex, 'hex'))
    await core.ready()
    const cpu0 = process.cpuUsage()
    const t0 = now()
    const sock = tune(net.connect(parseInt(port), '127.0.0.1'))
    const rs = core.replicate(true)
    rs.on('error', noop)
    sock.pipe(rs).pipe(sock)
    const range = core.download({ start: 0, end: -1 })
    let downloaded = 0
    let timedOut = false
    core.on('download', () => { downloaded++ })
    await new Promise((resolve) => {
      const limit = setTimeout(() => { timedOut = true; resolve() }, parseFloat(limitS) * 1000)
      const check = () => {
        if (core.length === length && core.contiguousLength === length) {
          clearTimeout(limit)
          core.off('download', check)
          core.off('append', check)
          resolve()
        }
      }
      core.on('download', check)
      core.on('append', check)
      check()
    })
    const ms = now() - t0
    const res = {
      ms,
      timedOut: timedOut ? 1 : 0,
      blocks: timedOut ? downloaded : core.contiguousLength,
      byteLength: core.byteLength,
      wireBytes: sock.bytesRead,
      cpuS: cpuS(cpu0),
      requests: core.replicator.stats.wireRequest.tx
    }
    range.destroy()
    sock.destroy()
    await core.close().catch(noop)
    fs.rmSync(dir, { recursive: true, force: true })
    return res
  }
}

const say = (line) => process.stdout.write(line + '\n')
const format = (res) => 'ok' + Object.entries(res).map(([k, v]) => ` ${k}=${v}`).join('')
const rl = readline.createInterface({ input: process.stdin })
let queue = Promise.resolve()
rl.on('line', (line) => {
  queue = queue.then(async () => {
    const [cmd, ...args] = line.trim().split(' ')
    if (cmd === 'exit') {
      for (const name of [...served.keys()]) await commands.unserve([name]).catch(noop)
      say('ok')
      process.exit(0)
    }
    try {
      if (!commands[cmd]) throw new Error('unknown command ' + cmd)
      say(format(await commands[cmd](args)))
    } catch (err) {
      say('error ' + String(err.message || err).replace(/\n/g, ' '))
    }
  })
})
process.stdin.on('end', () => process.exit(0)) // the orchestrator went away
