'use strict'

// A live JS replication peer for the Java replication tests, as JS users run one: a Corestore
// 7.12.5 (hypercore 11.36.1, hyperbee 2.27.3) replicated with store.replicate() over a TCP socket
// wrapped in @hyperswarm/secret-stream 6.9.2. Driven by line commands on stdin, one at a time;
// each answers its event lines, then "ok COMMAND" (or "error MESSAGE").
//
// Usage: node interop/repl-peer.js [DIR] (the store lives in DIR, kept, so that a peer killed and
//        started again on DIR has the same cores; without DIR, in a temp dir removed on exit)
// Commands:
//   serve [PORT]            listen on 127.0.0.1 PORT (default 0: any free port); every connection
//                           replicates the store -> listening PORT
//   connect PORT            connect to 127.0.0.1:PORT and replicate the store -> open
//   core NAME N             a writable core (the one of that NAME when DIR holds it), N more blocks
//                           "block I" -> core NAME KEY LENGTH
//   bee NAME N              a writable bee (utf-8), keys key%05d -> "value I" -> core NAME KEY LENGTH
//   append NAME TEXT        -> length NAME LENGTH
//   put NAME KEY VALUE      -> length NAME LENGTH
//   follow NAME KEY         a replica of core KEY (hex); its appends print "append NAME LENGTH"
//   update NAME             core.update({ wait: true }) -> length NAME LENGTH
//   wait-length NAME N      until the replica's length is at least N -> length NAME LENGTH
//   get NAME INDEX [MS]     -> block NAME INDEX HEX (MS: the get's timeout, default 20 s)
//   clear NAME START END    core.clear(START, END): drops the local blocks -> cleared NAME START END
//   remote-has NAME START END  which of blocks START..END-1 a connected peer is known to hold, as
//                           this core's replicator sees it (the peers' remote bitfields after
//                           their ranges, drops included) -> remote-has NAME START BITS (1/0 each)
//   bee-get NAME KEY        -> entry NAME KEY VALUE (VALUE "-" when absent)
//   bee-range NAME GTE N    -> range NAME K=V,K=V,...  (the first N entries with key >= GTE)
//   ext-stats NAME          the cache answers of the "hyperbee" extension a followed bee received
//                           -> ext NAME MESSAGES SEQ,SEQ,...  (seqs in arrival order, "-" for none)

const net = require('net')
const os = require('os')
const fs = require('fs')
const path = require('path')
const readline = require('readline')
const SecretStream = require('@hyperswarm/secret-stream')
const Corestore = require('corestore')
const Hyperbee = require('hyperbee')

const WAIT = 20000
const say = (line) => process.stdout.write(line + '\n')
const hex = (b) => Buffer.from(b).toString('hex')
const dir = process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'repl-peer-'))
if (!process.argv[2]) process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
process.stdin.on('end', () => process.exit(0)) // the test went away

const store = new Corestore(dir)
const cores = new Map()
const sockets = []

function replicate(socket, isInitiator) {
  sockets.push(socket)
  const stream = new SecretStream(isInitiator, socket)
  stream.on('error', (err) => say('stream-error ' + err.message))
  store.replicate(stream)
  return stream
}

function beeOf(core) {
  return new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'utf-8' })
}

async function writable(name) {
  const core = store.get({ name })
  await core.ready()
  cores.set(name, { core, bee: null })
  return core
}

function withTimeout(promise, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timed out: ' + what)), WAIT)
    })
  ]).finally(() => clearTimeout(timer))
}

const commands = {
  async serve([port]) {
    const server = net.createServer((socket) => replicate(socket, false))
    sockets.push(server)
    await new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(Number(port || 0), '127.0.0.1', resolve)
    })
    say('listening ' + server.address().port)
  },
  async connect([port]) {
    const socket = net.connect(Number(port), '127.0.0.1')
    const stream = replicate(socket, true)
    await withTimeout(stream.opened, 'the secret-stream handshake')
    say('open')
  },
  async core([name, n]) {
    const core = await writable(name)
    const blocks = []
    for (let i = 0; i < Number(n); i++) blocks.push(Buffer.from('block ' + i))
    await core.append(blocks)
    say(`core ${name} ${hex(core.key)} ${core.length}`)
  },
  async bee([name, n]) {
    const core = await writable(name)
    const bee = beeOf(core)
    cores.get(name).bee = bee
    const batch = bee.batch()
    for (let i = 0; i < Number(n); i++) {
      await batch.put('key' + String(i).padStart(5, '0'), 'value ' + i)
    }
    await batch.flush()
    say(`core ${name} ${hex(core.key)} ${core.length}`)
  },
  async append([name, ...text]) {
    const { core } = cores.get(name)
    await core.append(Buffer.from(text.join(' ')))
    say(`length ${name} ${core.length}`)
  },
  async put([name, key, value]) {
    const { core, bee } = cores.get(name)
    await bee.put(key, value)
    say(`length ${name} ${core.length}`)
  },
  async follow([name, key]) {
    const core = store.get({ key: Buffer.from(key, 'hex') })
    await core.ready()
    core.on('append', () => say(`append ${name} ${core.length}`))
    const bee = beeOf(core)
    const answers = { messages: 0, seqs: [] }
    const oncache = bee.extension.oncache.bind(bee.extension)
    bee.extension.oncache = (message, from) => {
      answers.messages++
      answers.seqs.push(...message.blocks)
      oncache(message, from)
    }
    cores.set(name, { core, bee, answers })
  },
  async update([name]) {
    const { core } = cores.get(name)
    await withTimeout(core.update({ wait: true }), 'update')
    say(`length ${name} ${core.length}`)
  },
  async 'wait-length'([name, n]) {
    const { core } = cores.get(name)
    await withTimeout(
      new Promise((resolve) => {
        const check = () => {
          if (core.length < Number(n)) return
          core.off('append', check)
          resolve()
        }
        core.on('append', check)
        check()
      }),
      'length ' + n
    )
    say(`length ${name} ${core.length}`)
  },
  async get([name, index, ms]) {
    const { core } = cores.get(name)
    const block = await core.get(Number(index), { timeout: ms ? Number(ms) : WAIT })
    say(`block ${name} ${index} ${hex(block)}`)
  },
  async clear([name, start, end]) {
    const { core } = cores.get(name)
    await core.clear(Number(start), Number(end))
    say(`cleared ${name} ${start} ${end}`)
  },
  async 'remote-has'([name, start, end]) {
    const { core } = cores.get(name)
    let bits = ''
    for (let i = Number(start); i < Number(end); i++) {
      const held = core.peers.some((p) => i < p.remoteContiguousLength || p.remoteBitfield.get(i))
      bits += held ? '1' : '0'
    }
    say(`remote-has ${name} ${start} ${bits}`)
  },
  async 'bee-get'([name, key]) {
    const { bee } = cores.get(name)
    const node = await withTimeout(bee.get(key), 'bee.get')
    say(`entry ${name} ${key} ${node ? node.value : '-'}`)
  },
  async 'ext-stats'([name]) {
    const { answers } = cores.get(name)
    say(`ext ${name} ${answers.messages} ${answers.seqs.length ? answers.seqs.join(',') : '-'}`)
  },
  async 'bee-range'([name, gte, n]) {
    const { bee } = cores.get(name)
    const entries = []
    await withTimeout(
      (async () => {
        for await (const node of bee.createReadStream({ gte, limit: Number(n) })) {
          entries.push(node.key + '=' + node.value)
        }
      })(),
      'bee range'
    )
    say(`range ${name} ${entries.join(',')}`)
  }
}

let queue = Promise.resolve()
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, ...rest] = line.trim().split(/\s+/)
  queue = queue.then(async () => {
    if (!commands[cmd]) return say('error unknown command ' + cmd)
    try {
      await commands[cmd](rest)
      say('ok ' + cmd)
    } catch (err) {
      say('error ' + cmd + ': ' + err.message)
    }
  })
})
