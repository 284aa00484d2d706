import type { TFormQuestionOf } from '@fieldkeep/domain';
import { useState } from 'react';
import { dateInputValue, isoToLocalInput, localInputToIso, timeInputValue } from './datetime';

/**
 * One control per answer type. Each writes the domain's answer value (see answers.ts in the
 * domain): booleans for yes/no, option ids for choices, numbers for numbers, `null` when cleared.
 * A value the engineer typed that is not valid (e.g. "12a" for a number) is kept as typed, so the
 * domain's check can say what is wrong with it beside the question.
 */
export interface ControlProps<Q> {
  q: Q;
  value: unknown;
  onChange: (value: unknown) => void;
  readOnly: boolean;
  /** The input's id (single inputs) or the group's name (radio / checkbox groups). */
  inputId: string;
  describedBy: string | undefined;
  invalid: boolean;
}

const aria = (p: ControlProps<unknown>) => ({ 'aria-describedby': p.describedBy, 'aria-invalid': p.invalid || undefined });

export function YesNoControl(p: ControlProps<TFormQuestionOf<'yes_no'>>) {
  const choices = [
    { value: true, label: 'Yes' },
    { value: false, label: 'No' },
  ];
  return (
    <div className="fk-form-choices fk-form-yes-no">
      {choices.map((c) => {
        const checked = p.value === c.value;
        return (
          <label key={c.label} className={`fk-form-choice${checked ? ' is-chosen' : ''}`}>
            <input type="radio" name={p.inputId} checked={checked} disabled={p.readOnly} onChange={() => p.onChange(c.value)} />
            <span>{c.label}</span>
          </label>
        );
      })}
    </div>
  );
}

export function SingleChoiceControl(p: ControlProps<TFormQuestionOf<'single_choice'>>) {
  return (
    <div className="fk-form-choices fk-form-list">
      {p.q.options.map((o) => {
        const checked = p.value === o.id;
        return (
          <label key={o.id} className={`fk-form-choice${checked ? ' is-chosen' : ''}`}>
            <input type="radio" name={p.inputId} value={o.id} checked={checked} disabled={p.readOnly} onChange={() => p.onChange(o.id)} />
            <span>{o.label}</span>
          </label>
        );
      })}
    </div>
  );
}

export function MultipleChoiceControl(p: ControlProps<TFormQuestionOf<'multiple_choice'>>) {
  const chosen = Array.isArray(p.value) ? p.value.filter((x): x is string => typeof x === 'string') : [];
  const toggle = (id: string, on: boolean) => {
    // Keep the form's option order, so the same choice always reads the same.
    const next = p.q.options.map((o) => o.id).filter((x) => (x === id ? on : chosen.includes(x)));
    p.onChange(next.length ? next : null);
  };
  return (
    <div className="fk-form-choices fk-form-list">
      {p.q.options.map((o) => {
        const checked = chosen.includes(o.id);
        return (
          <label key={o.id} className={`fk-form-choice${checked ? ' is-chosen' : ''}`}>
            <input type="checkbox" name={p.inputId} value={o.id} checked={checked} disabled={p.readOnly} onChange={(e) => toggle(o.id, e.currentTarget.checked)} />
            <span>{o.label}</span>
          </label>
        );
      })}
    </div>
  );
}

export function TextControl(p: ControlProps<TFormQuestionOf<'text'>>) {
  const value = typeof p.value === 'string' ? p.value : '';
  const common = {
    id: p.inputId,
    className: 'fk-form-input',
    value,
    maxLength: p.q.maxLength,
    readOnly: p.readOnly,
    ...aria(p),
  };
  const change = (v: string) => p.onChange(v === '' ? null : v);
  return p.q.multiline ? (
    <textarea {...common} rows={3} onChange={(e) => change(e.currentTarget.value)} />
  ) : (
    <input {...common} type="text" onChange={(e) => change(e.currentTarget.value)} />
  );
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** "" → null, a number → that number, anything else → the text (the domain says "Enter a number."). */
function parseNumber(text: string): number | string | null {
  const t = text.trim();
  if (t === '') return null;
  return NUMBER.test(t) && Number.isFinite(Number(t)) ? Number(t) : text;
}

const numberText = (v: unknown): string => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '');

/**
 * A text box with a numeric keyboard (not type="number", which hides what was typed when it is not
 * a number and changes the value on a scroll). Keeps the text as typed ("1." on the way to "1.5").
 */
export function NumberControl(p: ControlProps<TFormQuestionOf<'number'>>) {
  const [text, setText] = useState(() => numberText(p.value));
  const [seen, setSeen] = useState(p.value);
  if (seen !== p.value) {
    // Changed from outside (reset, another version's answer): show it unless it is what was typed.
    setSeen(p.value);
    if (parseNumber(text) !== p.value) setText(numberText(p.value));
  }
  const whole = p.q.integer === true && (p.q.min ?? -1) >= 0;
  return (
    <span className="fk-form-number">
      <input
        id={p.inputId}
        className="fk-form-input"
        type="text"
        inputMode={whole ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={text}
        readOnly={p.readOnly}
        {...aria(p)}
        onChange={(e) => {
          const t = e.currentTarget.value;
          setText(t);
          const v = parseNumber(t);
          setSeen(v);
          p.onChange(v);
        }}
      />
      {p.q.unit && (
        <span className="fk-form-unit" aria-hidden="true">
          {p.q.unit}
        </span>
      )}
    </span>
  );
}

export function DateControl(p: ControlProps<TFormQuestionOf<'date'>>) {
  return <input id={p.inputId} className="fk-form-input" type="date" value={dateInputValue(p.value)} readOnly={p.readOnly} {...aria(p)} onChange={(e) => p.onChange(e.currentTarget.value || null)} />;
}

export function TimeControl(p: ControlProps<TFormQuestionOf<'time'>>) {
  return <input id={p.inputId} className="fk-form-input" type="time" value={timeInputValue(p.value)} readOnly={p.readOnly} {...aria(p)} onChange={(e) => p.onChange(e.currentTarget.value || null)} />;
}

export function DateTimeControl(p: ControlProps<TFormQuestionOf<'datetime'>>) {
  return (
    <input
      id={p.inputId}
      className="fk-form-input"
      type="datetime-local"
      value={isoToLocalInput(p.value)}
      readOnly={p.readOnly}
      {...aria(p)}
      onChange={(e) => p.onChange(localInputToIso(e.currentTarget.value))}
    />
  );
}
