'use strict'

// Expands a scenario's "generator" phases (large or shuffled workloads, seeded) into explicit ops,
// so the vector file carries every op and Java replays it without re-implementing a generator.
// A scenario may give "generator": [phase, ...]; the generated ops come first, then "ops".
// Phases share one PRNG per scenario, seeded by the phase list's first "seed" (default 1).

module.exports = function expand(scenario) {
  if (!scenario.generator) return scenario
  const { generator, ...rest } = scenario
  const phases = Array.isArray(generator) ? generator : [generator]
  const rnd = mulberry32(phases[0].seed === undefined ? 1 : phases[0].seed)
  const ctx = { rnd, ops: [], version: 1, live: new Set() }
  for (const phase of phases) {
    const make = PHASES[phase.kind]
    if (!make) throw new Error(scenario.name + ': unknown generator kind ' + phase.kind)
    make(phase, ctx)
  }
  return { ...rest, generator: phases, ops: ctx.ops.concat(scenario.ops || []) }
}

// Deterministic 32-bit PRNG (mulberry32), values in [0, 1).
function mulberry32(seed) {
  let a = seed >>> 0
  return function () {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const int = (rnd, n) => Math.floor(rnd() * n)

function shuffle(rnd, list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = int(rnd, i + 1)
    const t = list[i]
    list[i] = list[j]
    list[j] = t
  }
  return list
}

const pad = (n, width) => String(n).padStart(width, '0')
const keyOf = (phase, n) => (phase.prefix || 'k') + pad(n, phase.width || 5)

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'
function text(rnd, length) {
  let s = ''
  for (let i = 0; i < length; i++) s += ALPHABET[int(rnd, ALPHABET.length)]
  return s
}

function valueOf(phase, ctx, n) {
  if (phase.value === null) return null
  if (phase.valueLength) return text(ctx.rnd, 1 + int(ctx.rnd, phase.valueLength))
  return (phase.value || 'v') + n
}

// Puts (or dels) of keys prefix+zero-padded number for n in [from, from+count), in ascending,
// descending or shuffled order, optionally grouped into batches of batchSize.
function sequence(phase, ctx) {
  const from = phase.from || 0
  const numbers = []
  for (let n = from; n < from + phase.count; n++) numbers.push(n)
  if (phase.order === 'desc') numbers.reverse()
  else if (phase.order === 'shuffle') shuffle(ctx.rnd, numbers)
  else if (phase.order !== undefined && phase.order !== 'asc') throw new Error('bad order ' + phase.order)

  const type = phase.op || 'put'
  const make = (n) => {
    const key = keyOf(phase, n)
    if (type === 'del') {
      ctx.live.delete(key)
      return { type: 'del', key }
    }
    ctx.live.add(key)
    return { type: 'put', key, value: valueOf(phase, ctx, n) }
  }
  const size = phase.batchSize || 0
  for (let i = 0; i < numbers.length; i += size || 1) {
    if (size) ctx.ops.push({ type: 'batch', ops: numbers.slice(i, i + size).map(make) })
    else ctx.ops.push(make(numbers[i]))
  }
}

// `count` random writes over `keys` distinct keys: puts (probability putRatio) and dels; with
// probability batchChance the next 2..maxBatch writes go into one batch. Every readEvery writes a
// few reads are recorded (get hit, get miss, a short range, a diff against an older version).
function random(phase, ctx) {
  const { rnd } = ctx
  const writes = phase.count
  let done = 0
  let sinceRead = 0
  const randomKey = () => keyOf(phase, int(rnd, phase.keys))
  const write = () => {
    done++
    const key = randomKey()
    if (rnd() < (phase.putRatio === undefined ? 0.7 : phase.putRatio)) {
      ctx.live.add(key)
      const value = phase.absentChance && rnd() < phase.absentChance ? null : valueOf(phase, ctx, done)
      return { type: 'put', key, value }
    }
    ctx.live.delete(key)
    return { type: 'del', key }
  }
  while (done < writes) {
    if (phase.batchChance && rnd() < phase.batchChance) {
      const size = Math.min(writes - done, 2 + int(rnd, (phase.maxBatch || 20) - 1))
      const ops = []
      for (let i = 0; i < size; i++) ops.push(write())
      ctx.ops.push({ type: 'batch', ops })
    } else {
      ctx.ops.push(write())
    }
    sinceRead++
    if (phase.readEvery && sinceRead >= phase.readEvery) {
      sinceRead = 0
      readSample(phase, ctx)
    }
  }
}

function readSample(phase, ctx) {
  const { rnd } = ctx
  const live = [...ctx.live]
  if (live.length) ctx.ops.push({ type: 'get', key: live[int(rnd, live.length)] })
  ctx.ops.push({ type: 'get', key: keyOf(phase, phase.keys + int(rnd, 1000)) })
  const from = keyOf(phase, int(rnd, phase.keys))
  ctx.ops.push({ type: 'range', opts: { gte: from, limit: 10, reverse: rnd() < 0.5 } })
  // otherBack n = the version n writes ago; the generator records it as an absolute version
  ctx.ops.push({ type: 'diff', otherBack: 1 + int(rnd, 30), opts: { limit: 50 } })
}

// One put whose value is `length` characters: pseudo-random text, or `pattern` repeated.
function bigValue(phase, ctx) {
  let value
  if (phase.pattern) value = phase.pattern.repeat(Math.ceil(phase.length / phase.pattern.length)).slice(0, phase.length)
  else value = text(ctx.rnd, phase.length)
  ctx.live.add(phase.key)
  ctx.ops.push({ type: 'put', key: phase.key, value })
}

// Deletes every key still live, in ascending, descending or shuffled order.
function deleteAll(phase, ctx) {
  const keys = [...ctx.live].sort()
  if (phase.order === 'desc') keys.reverse()
  else if (phase.order === 'shuffle') shuffle(ctx.rnd, keys)
  for (const key of keys) {
    ctx.live.delete(key)
    ctx.ops.push({ type: 'del', key })
  }
}

const PHASES = { sequence, random, bigValue, deleteAll }
