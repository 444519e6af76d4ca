// Generates js-proofs.json: node js-proofs.js (with hypercore@11.36.1 installed). Wire data messages, request id 0.
const Hypercore = require('hypercore')
const { MerkleTree } = require('hypercore/lib/merkle-tree')
const m = require('hypercore/lib/messages')
const c = require('compact-encoding')
const crypto = require('hypercore-crypto')
const os = require('os'), path = require('path'), fs = require('fs')
async function main () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-'))
  const core = new Hypercore(dir, { keyPair: crypto.keyPair(Buffer.alloc(32, 1)) })
  await core.ready()
  for (let i = 0; i < 11; i++) await core.append(Buffer.from('block' + i))
  const reqs = [
    { upgrade: { start: 0, length: 11 }, block: { index: 6, nodes: 0 } },
    { upgrade: { start: 5, length: 3 } },
    { upgrade: { start: 0, length: 11 }, seek: { bytes: 20, padding: 0 } },
    { block: { index: 2, nodes: 3 } },
    { hash: { index: 5, nodes: 2 } }
  ]
  const out = []
  for (const r of reqs) {
    const rx = core.state.storage.read()
    const p = await MerkleTree.proof(core.state, rx, r)
    rx.tryFlush()
    const res = await p.settle()
    if (res.block) res.block.value = await core.get(res.block.index)
    res.request = 0
    out.push({ req: r, data: c.encode(m.wire.data, res).toString('hex') })
  }
  console.log(JSON.stringify(out))
  await core.close()
}
main()
