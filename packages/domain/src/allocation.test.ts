import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluateAllocation, SEEDED_RULES, type AllocationInput, type TAllocationRule, type TRuleCondition } from './allocation.js';
import { JOB_PRIORITIES } from './jobs.js';

type Engineer = AllocationInput['engineers'][number];

// ---- factories -------------------------------------------------------------------------------
const buildEngineer = (o: Partial<Engineer> = {}): Engineer => ({ id: 'eng-a', name: 'Asha', skills: ['gas'], bookedMinutes: 0, capacityMinutes: 510, ...o });
const buildInput = (o: Partial<AllocationInput> = {}): AllocationInput => ({
  job: { jobType: 'repair', priority: 'normal', requiredSkills: [], requiredEngineers: 1 },
  warningTypeKeys: [],
  engineers: [buildEngineer()],
  visitMinutes: 60,
  rules: seeded(),
  acknowledgedRuleIds: [],
  ...o,
});
/** The seeded rules as a tenant starts with them, ids `seed-0`… */
const seeded = (): TAllocationRule[] => SEEDED_RULES.map((r, i) => ({ ...r, id: `seed-${i}`, active: true }));
const seededId = (key: string) => seeded().find((r) => r.condition.kind === 'warning_type' && r.condition.warningTypeKey === key)!.id;
const pair = [buildEngineer(), buildEngineer({ id: 'eng-b', name: 'Ben', skills: ['electrical'] })];

// ---- arbitraries -----------------------------------------------------------------------------
const KEYS = ['attend_in_pairs', 'infection_risk', 'asbestos_present'] as const;
const SKILLS = ['gas', 'Electrical', 'plumbing', 'ROOFING'] as const;
const caseOf = (s: string) => fc.constantFrom(s, s.toLowerCase(), s.toUpperCase());
/** Some of the skills, each in any letter case. */
const arbSkills = fc.subarray([...SKILLS]).chain((s): fc.Arbitrary<string[]> => (s.length ? fc.tuple(...s.map(caseOf)) : fc.constant([])));
const arbCondition: fc.Arbitrary<TRuleCondition> = fc.oneof(
  fc.constantFrom(...KEYS).map((k) => ({ kind: 'warning_type' as const, warningTypeKey: k })),
  fc.constantFrom('repair', 'inspection').map((t) => ({ kind: 'job_type' as const, jobType: t })),
  fc.constantFrom(...JOB_PRIORITIES).map((p) => ({ kind: 'priority' as const, priority: p })),
  fc.constant({ kind: 'missing_skill' as const }),
  fc.constant({ kind: 'engineer_full' as const }),
);
const arbOutcome = fc.oneof(
  fc.constant({ kind: 'block' as const }),
  fc.integer({ min: 2, max: 4 }).map((count) => ({ kind: 'require_engineers' as const, count })),
  fc.constant({ kind: 'warn' as const }),
);
const arbRules = fc
  .array(fc.record({ name: fc.constantFrom('Rule A', 'Rule B'), condition: arbCondition, outcome: arbOutcome, active: fc.boolean() }), { maxLength: 6 })
  .map((rs) => rs.map((r, i): TAllocationRule => ({ ...r, id: `rule-${i}` })));
const arbEngineer = fc.record({
  id: fc.constantFrom('e1', 'e2', 'e3', 'e4'), // small pool: the same engineer may be proposed twice
  name: fc.constantFrom('Asha', 'Ben'),
  skills: arbSkills,
  bookedMinutes: fc.integer({ min: 0, max: 600 }),
  capacityMinutes: fc.constantFrom(0, 240, 480, 510),
});
const arbInput: fc.Arbitrary<AllocationInput> = arbRules.chain((rules) =>
  fc.record({
    job: fc.record({
      jobType: fc.constantFrom('repair', 'inspection', 'installation'),
      priority: fc.constantFrom(...JOB_PRIORITIES),
      requiredSkills: arbSkills,
      requiredEngineers: fc.integer({ min: 1, max: 4 }),
    }),
    warningTypeKeys: fc.subarray([...KEYS]),
    engineers: fc.array(arbEngineer, { maxLength: 4 }),
    visitMinutes: fc.integer({ min: 0, max: 300 }),
    rules: fc.constant(rules),
    acknowledgedRuleIds: fc.subarray(rules.map((r) => r.id)),
  }),
);
const distinct = (i: AllocationInput) => new Set(i.engineers.map((e) => e.id)).size;

/** Independent statement of when a condition applies, written from the rules' documentation. */
function matches(c: TRuleCondition, i: AllocationInput): boolean {
  switch (c.kind) {
    case 'warning_type': return i.warningTypeKeys.includes(c.warningTypeKey);
    case 'job_type': return i.job.jobType === c.jobType;
    case 'priority': return i.job.priority === c.priority;
    case 'missing_skill': return i.engineers.length > 0 && i.job.requiredSkills.some((s) => !i.engineers.some((e) => e.skills.some((x) => x.toLowerCase() === s.toLowerCase())));
    case 'engineer_full': return i.engineers.some((e) => e.capacityMinutes === 0 || e.bookedMinutes + i.visitMinutes > e.capacityMinutes);
  }
}

describe('evaluateAllocation: properties over any rule set and allocation', () => {
  it('allows exactly when: someone is allocated, no block, enough distinct engineers, every warning acknowledged', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = evaluateAllocation(input);
        const expected =
          distinct(input) >= 1 &&
          distinct(input) >= r.requiredEngineers &&
          !r.findings.some((f) => f.outcome === 'block') &&
          r.findings.filter((f) => f.outcome === 'warn').every((f) => input.acknowledgedRuleIds.includes(f.ruleId!)) &&
          r.findings.filter((f) => f.outcome === 'require_engineers').every((f) => f.satisfied);
        expect(r.allowed).toBe(expected);
        if (r.allowed) expect(r.unacknowledgedRuleIds).toEqual([]);
      }),
    );
  });

  it('needs max(job.requiredEngineers, every matching active require rule) engineers', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const counts = input.rules.filter((r) => r.active && r.outcome.kind === 'require_engineers' && matches(r.condition, input)).map((r) => (r.outcome as { count: number }).count);
        expect(evaluateAllocation(input).requiredEngineers).toBe(Math.max(input.job.requiredEngineers, ...counts));
      }),
    );
  });

  it('a rule produces findings exactly when it is active and its condition holds', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = evaluateAllocation(input);
        for (const rule of input.rules) expect(r.findings.some((f) => f.ruleId === rule.id)).toBe(rule.active && matches(rule.condition, input));
      }),
    );
  });

  it('adding an engineer who has every skill never refuses an allowed allocation, unless a finding names that engineer', () => {
    const extra = fc.record({ bookedMinutes: fc.integer({ min: 0, max: 600 }), capacityMinutes: fc.constantFrom(0, 480, 10_000) });
    fc.assert(
      fc.property(arbInput, extra, (input, x) => {
        const newcomer = buildEngineer({ id: 'e-new', name: 'Newcomer', skills: [...SKILLS], ...x });
        const before = evaluateAllocation(input);
        const after = evaluateAllocation({ ...input, engineers: [...input.engineers, newcomer] });
        if (!before.allowed || after.allowed) return;
        expect(after.findings.some((f) => f.engineerId === newcomer.id && !f.satisfied)).toBe(true);
        expect(newcomer.bookedMinutes + input.visitMinutes > newcomer.capacityMinutes || newcomer.capacityMinutes === 0).toBe(true);
      }),
    );
  });

  it('acknowledging every unacknowledged rule allows it when nothing blocks and enough engineers are there', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const first = evaluateAllocation(input);
        const second = evaluateAllocation({ ...input, acknowledgedRuleIds: [...input.acknowledgedRuleIds, ...first.unacknowledgedRuleIds] });
        expect(second.unacknowledgedRuleIds).toEqual([]);
        expect(second.requiredEngineers).toBe(first.requiredEngineers);
        const blocked = first.findings.some((f) => f.outcome === 'block');
        expect(second.allowed).toBe(!blocked && distinct(input) >= Math.max(1, first.requiredEngineers));
        if (first.allowed) expect(second.allowed).toBe(true);
      }),
    );
  });

  it('with every rule deactivated only the job’s own engineer count remains', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = evaluateAllocation({ ...input, rules: input.rules.map((x) => ({ ...x, active: false })) });
        expect(r.requiredEngineers).toBe(input.job.requiredEngineers);
        expect(r.findings.every((f) => f.ruleId === null)).toBe(true);
        expect(r.findings.length).toBe(input.job.requiredEngineers > 1 ? 1 : 0);
        expect(r.allowed).toBe(distinct(input) >= Math.max(1, input.job.requiredEngineers));
      }),
    );
  });

  it('inactive rules change nothing, and rule order does not matter', () => {
    fc.assert(
      fc.property(arbInput, arbRules, (input, more) => {
        const base = evaluateAllocation(input);
        const inactive = more.map((r) => ({ ...r, id: `off-${r.id}`, active: false }));
        expect(evaluateAllocation({ ...input, rules: [...inactive, ...input.rules] })).toEqual(base);
        const reversed = evaluateAllocation({ ...input, rules: [...input.rules].reverse() });
        expect([reversed.allowed, reversed.requiredEngineers, [...reversed.unacknowledgedRuleIds].sort()]).toEqual([base.allowed, base.requiredEngineers, [...base.unacknowledgedRuleIds].sort()]);
      }),
    );
  });

  it('never allows an allocation with no engineers (preview), whatever is acknowledged', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = evaluateAllocation({ ...input, engineers: [], acknowledgedRuleIds: input.rules.map((x) => x.id) });
        expect(r.allowed).toBe(false);
        expect(r.findings.filter((f) => f.outcome === 'require_engineers').every((f) => !f.satisfied)).toBe(true);
      }),
    );
  });
});

describe('evaluateAllocation: seeded rules', () => {
  it('refuses one engineer at an "attend in pairs" site, naming the rule, and allows two', () => {
    const one = evaluateAllocation(buildInput({ warningTypeKeys: ['attend_in_pairs'] }));
    expect(one.allowed).toBe(false);
    expect(one.requiredEngineers).toBe(2);
    const f = one.findings.find((x) => x.ruleId === seededId('attend_in_pairs'))!;
    expect(f).toMatchObject({ outcome: 'require_engineers', satisfied: false, ruleName: 'Attend in pairs' });
    expect(f.message).toContain('Attend in pairs');
    expect(f.message).toContain('2 engineers');
    expect(evaluateAllocation(buildInput({ warningTypeKeys: ['attend_in_pairs'], engineers: pair })).allowed).toBe(true);
  });

  it('counts the same engineer proposed twice once', () => {
    const r = evaluateAllocation(buildInput({ warningTypeKeys: ['lone_working_prohibited'], engineers: [buildEngineer(), buildEngineer()] }));
    expect(r.allowed).toBe(false);
  });

  it('infection risk needs acknowledgement, then is allowed', () => {
    const id = seededId('infection_risk');
    const r = evaluateAllocation(buildInput({ warningTypeKeys: ['infection_risk'] }));
    expect(r.allowed).toBe(false);
    expect(r.unacknowledgedRuleIds).toEqual([id]);
    expect(r.findings.find((f) => f.ruleId === id)?.message).toContain('Infection risk');
    expect(evaluateAllocation(buildInput({ warningTypeKeys: ['infection_risk'], acknowledgedRuleIds: [id] })).allowed).toBe(true);
  });

  it('previews a new job at an "attend in pairs" site as needing two engineers', () => {
    const r = evaluateAllocation(buildInput({ warningTypeKeys: ['attend_in_pairs'], engineers: [] }));
    expect(r).toMatchObject({ allowed: false, requiredEngineers: 2 });
    expect(r.findings.some((f) => f.outcome === 'require_engineers' && !f.satisfied)).toBe(true);
  });

  it('checks skills across the team, ignoring case', () => {
    const job = { jobType: 'repair', priority: 'normal' as const, requiredSkills: ['GAS', 'electrical'], requiredEngineers: 1 };
    expect(evaluateAllocation(buildInput({ job, engineers: pair })).findings).toEqual([]);
    const alone = evaluateAllocation(buildInput({ job }));
    expect(alone.allowed).toBe(false);
    expect(alone.findings).toHaveLength(1);
    expect(alone.findings[0]!.message).toBe('No allocated engineer has: electrical');
  });

  it('flags the engineer who would be over their hours, and only them', () => {
    const full = buildEngineer({ id: 'eng-full', name: 'Cara', bookedMinutes: 480 });
    const r = evaluateAllocation(buildInput({ engineers: [buildEngineer(), full], visitMinutes: 60 }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ engineerId: 'eng-full', outcome: 'warn', message: 'Cara would have 9 h booked of 8.5 h' });
    // Exactly filling the day is fine.
    expect(evaluateAllocation(buildInput({ engineers: [buildEngineer({ bookedMinutes: 450 })], visitMinutes: 60 })).allowed).toBe(true);
  });

  it('flags an engineer who is not working that day, even for a zero-length visit', () => {
    for (const visitMinutes of [0, 30]) {
      const r = evaluateAllocation(buildInput({ engineers: [buildEngineer({ capacityMinutes: 0 })], visitMinutes }));
      expect(r.allowed).toBe(false);
      expect(r.findings.map((f) => f.message)).toEqual(['Asha is not working that day']);
    }
  });

  it('the job’s own engineer count applies with no rules at all', () => {
    const job = { jobType: 'repair', priority: 'normal' as const, requiredSkills: [], requiredEngineers: 3 };
    const r = evaluateAllocation(buildInput({ job, rules: [], engineers: pair }));
    expect(r).toMatchObject({ allowed: false, requiredEngineers: 3 });
    expect(r.findings[0]).toMatchObject({ ruleId: null, message: 'This job needs 3 engineers', satisfied: false });
  });

  it('a block rule refuses whatever is acknowledged or however many engineers go', () => {
    const rules: TAllocationRule[] = [{ id: 'no-emerg', name: 'No emergencies on this contract', condition: { kind: 'priority', priority: 'emergency' }, outcome: { kind: 'block' }, active: true }];
    const job = { jobType: 'repair', priority: 'emergency' as const, requiredSkills: [], requiredEngineers: 1 };
    const r = evaluateAllocation(buildInput({ job, rules, engineers: pair, acknowledgedRuleIds: ['no-emerg'] }));
    expect(r.allowed).toBe(false);
    expect(r.findings[0]!.message).toBe('Not allowed: No emergencies on this contract (emergency priority)');
    expect(evaluateAllocation(buildInput({ job: { ...job, priority: 'high' }, rules })).allowed).toBe(true);
  });
});
