// Generates src/test/resources/js-numbers.txt: node numbers.js > ../resources/js-numbers.txt (node 18+)
// deterministic PRNG so the file can be regenerated identically
let s = 0x12345678n;
function next() { s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n<<64n)-1n); return s; }
const buf = new DataView(new ArrayBuffer(8));
const out = [];
for (let i = 0; i < 3000; i++) {
  let bits = next();
  if (i % 3 == 1) bits = (bits & ((1n<<52n)-1n)) | (BigInt(1023 + Number(next() % 140n) - 70) << 52n); // moderate exponents
  if (i % 3 == 2) bits = (bits & ~((1n<<30n)-1n)); // short mantissas
  buf.setBigUint64(0, bits);
  const d = buf.getFloat64(0);
  if (!Number.isFinite(d)) continue;
  out.push(bits.toString(16).padStart(16, '0') + ' ' + JSON.stringify(d));
}
console.log(out.join('\n'));
