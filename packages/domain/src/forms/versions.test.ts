import { describe, expect, it } from 'vitest';
import type { TFormDefinition } from './definition.js';
import { validateSubmission } from './evaluate.js';
import { SEEDED_FORM_DEFINITIONS } from './seeded.js';
import { publishFormVersion } from './versions.js';

const FORM_ID = '0190a000-0000-7000-8000-00000000000b';
const startOfDay = SEEDED_FORM_DEFINITIONS.find((d) => d.kind === 'start_of_day')!;
const publish = (previous: TFormDefinition | null, draft: unknown, id = FORM_ID): TFormDefinition => {
  const r = publishFormVersion(id, previous, draft);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.definition;
};

describe('publishFormVersion', () => {
  it('makes version 1, then each publish the next version', () => {
    const v1 = publish(null, startOfDay);
    expect([v1.id, v1.version]).toEqual([FORM_ID, 1]);
    const v2 = publish(v1, { ...startOfDay, questions: [...startOfDay.questions, { id: 'fuel_card', type: 'yes_no', text: 'Fuel card with you?', required: true }] });
    expect([v2.id, v2.version]).toEqual([FORM_ID, 2]);
  });

  it('leaves old versions answerable: a submission names its version and is checked against it', () => {
    const v1 = publish(null, startOfDay);
    const v2 = publish(v1, { ...startOfDay, questions: [...startOfDay.questions, { id: 'fuel_card', type: 'yes_no', text: 'Fuel card?', required: true }] });
    const oldAnswers = { vehicle_ok: true, ppe_ok: true, symptoms: false };
    expect(validateSubmission(v1, oldAnswers).ok).toBe(true);
    expect(validateSubmission(v2, oldAnswers)).toMatchObject({ ok: false, errors: [{ questionId: 'fuel_card', code: 'required' }] });
  });

  it('makes a published version immutable', () => {
    const v1 = publish(null, startOfDay);
    expect(() => {
      (v1 as { name: string }).name = 'Changed';
    }).toThrow(TypeError);
    expect(() => {
      (v1.questions[0] as { required: boolean }).required = false;
    }).toThrow(TypeError);
    expect(v1.name).toBe('Start-of-day check');
  });

  it('refuses to change the kind of a form', () => {
    const v1 = publish(null, startOfDay);
    const r = publishFormVersion(FORM_ID, v1, { ...startOfDay, kind: 'health_safety' });
    expect(r).toMatchObject({ ok: false, issues: [{ path: ['kind'] }] });
  });

  it('refuses to change the type of a question id that is kept', () => {
    const v1 = publish(null, startOfDay);
    const questions = startOfDay.questions.map((q) => (q.id === 'symptoms' ? { id: 'symptoms', type: 'text', text: 'Symptoms?', required: true } : q));
    const r = publishFormVersion(FORM_ID, v1, { ...startOfDay, questions });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]!.message).toContain('"symptoms" was yes_no in version 1');
  });

  it('refuses a draft that breaks the form rules, and a previous version of another form', () => {
    expect(publishFormVersion(FORM_ID, null, { ...startOfDay, questions: [] })).toMatchObject({ ok: false, issues: [{ path: ['questions'] }] });
    const v1 = publish(null, startOfDay);
    expect(publishFormVersion('0190a000-0000-7000-8000-0000000000ff', v1, startOfDay).ok).toBe(false);
    expect(publishFormVersion('not-a-uuid', null, startOfDay)).toMatchObject({ ok: false, issues: [{ path: ['id'] }] });
  });
});
