// Random batches with cas refusals, alwaysDuplicate:false no-ops, deletes and subs, recorded from
// JS hyperbee 2.27.3; also records get/range/diff/history results at checkpoints.
const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')
const fs = require('fs')
async function collect (s) { const out = []; for await (const x of s) out.push(x); return out }
const hex = (b) => b === null ? null : b.toString('hex')
const ent = (e) => e === null ? null : { seq: e.seq, key: hex(e.key), value: hex(e.value) }
async function run (alwaysDuplicate) {
  const core = new Hypercore('/tmp/jsref/batches-' + alwaysDuplicate + '-' + Date.now())
  const db = new Hyperbee(core, { alwaysDuplicate })
  await db.ready()
  let seed = 11
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n }
  const key = () => Buffer.from('k' + String(rnd(300)).padStart(3, '0'))
  const val = () => { const r = rnd(10); return r === 0 ? null : r === 1 ? Buffer.alloc(0) : Buffer.from('v' + rnd(5)) }
  const subs = [db, db.sub('s'), db.sub('s').sub('t')]
  const checks = []
  const versions = [1]
  for (let i = 0; i < 600; i++) {
    const target = subs[rnd(3)]
    const kind = rnd(10)
    if (kind < 4) {
      const k = key(); const v = val(); const c = rnd(4)
      const cas = c === 0 ? () => false : c === 1 ? (prev, next) => prev.value !== null && next.value !== null && prev.value.length === next.value.length : null
      await target.put(k, v, cas ? { cas } : {})
    } else if (kind < 6) {
      const k = key(); const c = rnd(3)
      await target.del(k, c === 0 ? { cas: () => false } : {})
    } else {
      const b = target.batch()
      const n = 1 + rnd(rnd(8) === 0 ? 150 : 10)
      for (let j = 0; j < n; j++) {
        const k = key(); const r = rnd(10)
        if (r < 2) await b.del(k, rnd(3) === 0 ? { cas: () => false } : {})
        else if (r < 3) await b.put(k, val(), { cas: () => false })
        else await b.put(k, val())
        if (rnd(10) === 0) await b.get(key())
        if (rnd(20) === 0) await collect(b.createReadStream({ gte: key(), limit: 3 }))
      }
      if (rnd(10) === 0) await b.close(); else await b.flush()
    }
    versions.push(db.version)
    if (i % 25 === 0) {
      const s = rnd(3); const k = key(); const lo = key(); const hi = key(); const v = versions[rnd(versions.length)]
      const t = subs[s]
      checks.push({
        op: i, sub: s, version: db.version, k: hex(k), lo: hex(lo), hi: hex(hi), other: v,
        get: ent(await t.get(k)),
        range: (await collect(t.createReadStream({ gte: lo, lt: hi }))).map(ent),
        rangeRev: (await collect(t.createReadStream({ gt: lo, lte: hi, reverse: true, limit: 5 }))).map(ent),
        all: (await collect(t.createReadStream())).map(ent),
        diff: (await collect(t.createDiffStream(v))).map(d => ({ left: ent(d.left), right: ent(d.right) })),
        diffRange: (await collect(t.createDiffStream(v, { gt: lo, lte: hi }))).map(d => ({ left: ent(d.left), right: ent(d.right) })),
        history: (await collect(t.createHistoryStream({ gte: db.version > 6 ? -5 : 1 }))).map(h => ({ type: h.type, seq: h.seq, key: hex(h.key), value: hex(h.value) }))
      })
    }
  }
  const blocks = []
  for (let i = 0; i < core.length; i++) blocks.push((await core.get(i)).toString('hex'))
  return { alwaysDuplicate, checks, blocks }
}
async function main () {
  const out = [await run(true), await run(false)]
  fs.writeFileSync('/tmp/jsref/batches-vector.json', JSON.stringify(out))
  console.log(out.map(o => o.blocks.length + ' blocks, ' + o.checks.length + ' checks'))
}
main()
