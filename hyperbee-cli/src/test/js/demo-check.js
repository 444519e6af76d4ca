// The demo's writes replayed by JS hyperbee 2.27.3 / hypercore 11.36.1: prints key, length, byteLength,
// tree hash and signature, which must match `hyperbee demo` (CliJarTest.DEMO_TREE_HASH, DEMO_SIGNATURE). Run from a dir with both packages installed.
const Hypercore = require('hypercore'); const Hyperbee = require('hyperbee'); const crypto = require('hypercore-crypto'); const os = require('os'); const path = require('path'); const fs = require('fs');
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-'));
  const keyPair = crypto.keyPair(Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'));
  const core = new Hypercore(dir, { keyPair });
  const db = new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'utf-8' });
  await db.ready();
  await db.put('greeting', 'hello, world');
  const b = db.batch();
  await b.put('fruit/apple', 'red'); await b.put('fruit/banana', 'yellow'); await b.put('fruit/cherry', 'dark red'); await b.put('veg/kale', 'green');
  await b.flush();
  await db.put('fruit/banana', 'green'); await db.del('fruit/cherry');
  console.log(core.key.toString('hex'), core.length, core.byteLength, (await core.treeHash()).toString('hex'));
  const sig = core.core && core.core.state && core.core.state.signature; if (sig) console.log(Buffer.from(sig).toString('hex'));
  await core.close();
})();
