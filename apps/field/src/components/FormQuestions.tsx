import type { TSyncForm } from '@fieldkeep/domain';
import type { Answers } from '../actions';

/** Yes / no as two big radio buttons per question (a fieldset whose legend is the question). */
export function FormQuestions({ form, answers, onChange }: { form: TSyncForm; answers: Answers; onChange: (a: Answers) => void }) {
  const set = (id: string, value: string) => onChange({ ...answers, [id]: value });
  return (
    <div className="stack">
      {form.questions.map((q) =>
        q.type === 'yes_no' ? (
          <fieldset key={q.id} className="question">
            <legend>
              {q.text}
              {q.required && <span className="required"> (required)</span>}
            </legend>
            <div className="yes-no">
              {(['yes', 'no'] as const).map((v) => (
                <label key={v} className={`choice${answers[q.id] === v ? ' chosen' : ''}`}>
                  <input type="radio" name={q.id} value={v} checked={answers[q.id] === v} onChange={() => set(q.id, v)} />
                  <span>{v === 'yes' ? 'Yes' : 'No'}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <label key={q.id} className="field">
            <span>
              {q.text}
              {q.required ? ' (required)' : ' (optional)'}
            </span>
            <textarea rows={2} value={answers[q.id] ?? ''} onChange={(e) => set(q.id, e.currentTarget.value)} />
          </label>
        ),
      )}
    </div>
  );
}

/** Required questions answered; blank optional text answers are left out of what is sent. */
export function completeAnswers(form: TSyncForm, answers: Answers): Answers | undefined {
  const out: Answers = {};
  for (const q of form.questions) {
    const v = (answers[q.id] ?? '').trim();
    if (!v) {
      if (q.required) return undefined;
      continue;
    }
    out[q.id] = v;
  }
  return out;
}
