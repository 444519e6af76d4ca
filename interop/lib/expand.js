'use strict'

// Expands a scenario's "generator" (large, seeded workloads) into explicit ops, so the vector
// file carries every op and Java replays without re-implementing the generator.

module.exports = function expand(scenario) {
  if (!scenario.generator) return scenario
  const { generator, ...rest } = scenario
  const make = GENERATORS[generator.kind]
  if (!make) throw new Error(scenario.name + ': unknown generator ' + generator.kind)
  return { ...rest, ops: make(generator).concat(scenario.ops || []) }
}

const GENERATORS = {}
