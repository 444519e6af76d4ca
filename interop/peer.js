'use strict'

// A live JS peer for the Java transport tests: a TCP socket wrapped in the real
// @hyperswarm/secret-stream 6.9.2 and protomux 3.12.1, driven by line commands on stdin, reporting
// on stdout (one event per line).
//
// Usage: node interop/peer.js listen [--keep-alive MS] [--timeout MS]   (prints "listening PORT")
//        node interop/peer.js connect PORT [--keep-alive MS] [--timeout MS]
//        node interop/peer.js silent PORT     (plain TCP, sends nothing; prints "closed" when dropped)
//
// Protocol "echo" (as the Java tests' Echo): message type 0 is raw bytes; the side that accepts a
// channel sends every message back. Channel ids are hex ("-" for none).
// Commands: open ID | cork-open ID... | send ID LEN SEED | close ID | bad-open | garble | end
// Events: key PUB | open HASH REMOTEKEY | channel-open ID | channel-close ID remote=BOOL |
//         message ID LEN SHA256 | error MESSAGE | closed | ok COMMAND

const net = require('net')
const crypto = require('crypto')
const readline = require('readline')
const SecretStream = require('@hyperswarm/secret-stream')
const Protomux = require('protomux')

const args = process.argv.slice(2)
const mode = args[0]
const option = (name) => {
  const i = args.indexOf(name)
  return i === -1 ? 0 : Number(args[i + 1])
}
const hex = (b) => Buffer.from(b).toString('hex')
const say = (line) => process.stdout.write(line + '\n')
const idOf = (h) => (h === '-' ? null : Buffer.from(h, 'hex'))
const nameOf = (id) => (id ? hex(id) : '-')
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex')

function payload(n, seed) {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff
  return b
}

const channels = new Map()

function echoChannel(mux, id, echo) {
  const ch = mux.createChannel({
    protocol: 'echo',
    id,
    onopen() {
      say('channel-open ' + nameOf(id))
    },
    onclose(remote) {
      say('channel-close ' + nameOf(id) + ' remote=' + remote)
    }
  })
  if (ch === null) return null
  const m = ch.addMessage({
    onmessage(data) {
      say('message ' + nameOf(id) + ' ' + data.length + ' ' + sha(data))
      if (echo) m.send(data)
    }
  })
  channels.set(nameOf(id), { ch, m })
  ch.open()
  return ch
}

function run(socket, isInitiator) {
  const keyPair = SecretStream.keyPair()
  say('key ' + hex(keyPair.publicKey))
  const stream = new SecretStream(isInitiator, socket, { keyPair, keepAlive: option('--keep-alive') })
  if (option('--timeout')) stream.setTimeout(option('--timeout'))
  stream.on('open', () => say('open ' + hex(stream.handshakeHash) + ' ' + hex(stream.remotePublicKey)))
  stream.on('error', (err) => say('error ' + err.message))
  stream.on('close', () => {
    say('closed')
    process.exit(0)
  })
  const mux = Protomux.from(stream)
  mux.pair({ protocol: 'echo' }, (id) => echoChannel(mux, id, true))

  const commands = {
    open: ([id]) => echoChannel(mux, idOf(id), false),
    'cork-open': (ids) => {
      mux.cork()
      for (const id of ids) echoChannel(mux, idOf(id), false)
      mux.uncork()
    },
    send: ([id, len, seed]) => channels.get(id).m.send(payload(Number(len), Number(seed))),
    close: ([id]) => channels.get(id).ch.close(),
    // a protomux open of channel 5 on a fresh stream: ids must be dense, the peer must fail
    'bad-open': () => stream.write(Buffer.from([0, 1, 5, 4, 0x74, 0x65, 0x73, 0x74, 0])),
    // a secret-stream frame of 40 random bytes: it cannot authenticate
    garble: () => socket.write(Buffer.concat([Buffer.from([40, 0, 0]), crypto.randomBytes(40)])),
    end: () => stream.end()
  }
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, ...rest] = line.trim().split(/\s+/)
    if (!commands[cmd]) return say('error unknown command ' + cmd)
    commands[cmd](rest)
    say('ok ' + cmd)
  })
}

process.stdin.on('end', () => process.exit(0)) // the test went away

if (mode === 'listen') {
  const server = net.createServer((socket) => {
    server.close()
    run(socket, false)
  })
  server.listen(0, '127.0.0.1', () => say('listening ' + server.address().port))
} else if (mode === 'connect') {
  const socket = net.connect(Number(args[1]), '127.0.0.1', () => run(socket, true))
  socket.on('error', (err) => say('error ' + err.message))
} else if (mode === 'silent') {
  const socket = net.connect(Number(args[1]), '127.0.0.1', () => say('connected'))
  socket.on('error', (err) => say('error ' + err.message))
  socket.on('close', () => {
    say('closed')
    process.exit(0)
  })
} else {
  console.error('usage: node interop/peer.js listen|connect PORT|silent PORT [--keep-alive MS] [--timeout MS]')
  process.exit(2)
}
