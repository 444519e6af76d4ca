const Hypercore = require('hypercore')
const Hyperbee = require('hyperbee')
const fs = require('fs')
async function main () {
  const core = new Hypercore('/tmp/jsref/stale2-' + Date.now())
  const db = new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'utf-8' })
  await db.ready()
  let seed = 7
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed }
  const stale = []
  for (let i = 0; i < 2300; i++) {
    const k = 'k' + String(rnd() % 400).padStart(4, '0')
    if (rnd() % 3 === 0) await db.del(k); else await db.put(k, 'v' + i)
    if (i === 2240) { const n = await db.get('k0048'); stale.push({ op: i, key: 'k0048', seq: n && n.seq }) }
  }
  const blocks = []
  for (let i = 0; i < core.length; i++) blocks.push((await core.get(i)).toString('hex'))
  fs.writeFileSync('/tmp/jsref/stale-vector.json', JSON.stringify({ stale, blocks }))
  console.log(core.length, JSON.stringify(stale))
}
main()
