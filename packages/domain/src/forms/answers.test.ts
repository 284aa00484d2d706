import { describe, expect, it } from 'vitest';
import { checkAnswerValue, formatAnswer, isAnswered, type TFormAnswerErrorCode } from './answers.js';
import { ZFormQuestion, type TFormQuestion } from './definition.js';
import { FORM_LIMITS } from './limits.js';

const q = (fields: Record<string, unknown>): TFormQuestion => ZFormQuestion.parse({ id: 'q', text: 'Question', required: false, ...fields });
const options = [
  { id: 'a', label: 'Alpha' },
  { id: 'b', label: 'Bravo' },
  { id: 'c', label: 'Charlie' },
];
const sha = (n: number) => n.toString(16).padStart(64, '0');

type Row = [string, TFormQuestion, unknown, TFormAnswerErrorCode | null];
const rows: Row[] = [
  ['yes_no: true is yes', q({ type: 'yes_no' }), true, null],
  ['yes_no: false is no', q({ type: 'yes_no' }), false, null],
  ['yes_no: the word "yes" is not an answer', q({ type: 'yes_no' }), 'yes', 'wrong_type'],
  ['yes_no: 1 is not an answer', q({ type: 'yes_no' }), 1, 'wrong_type'],
  ['single_choice: an option id', q({ type: 'single_choice', options }), 'b', null],
  ['single_choice: a label is not an id', q({ type: 'single_choice', options }), 'Bravo', 'unknown_option'],
  ['single_choice: a list', q({ type: 'single_choice', options }), ['a'], 'wrong_type'],
  ['multiple_choice: option ids in any order', q({ type: 'multiple_choice', options }), ['c', 'a'], null],
  ['multiple_choice: an unknown id', q({ type: 'multiple_choice', options }), ['a', 'z'], 'unknown_option'],
  ['multiple_choice: an option twice', q({ type: 'multiple_choice', options }), ['a', 'a'], 'duplicate_option'],
  ['multiple_choice: a bare id', q({ type: 'multiple_choice', options }), 'a', 'wrong_type'],
  ['multiple_choice: fewer than minSelections', q({ type: 'multiple_choice', options, minSelections: 2 }), ['a'], 'too_few_selections'],
  ['multiple_choice: more than maxSelections', q({ type: 'multiple_choice', options, maxSelections: 2 }), ['a', 'b', 'c'], 'too_many_selections'],
  ['multiple_choice: exactly the bounds', q({ type: 'multiple_choice', options, minSelections: 2, maxSelections: 2 }), ['a', 'b'], null],
  ['text: within maxLength', q({ type: 'text', maxLength: 5 }), 'hello', null],
  ['text: over maxLength', q({ type: 'text', maxLength: 5 }), 'hello!', 'too_long'],
  ['text: over the global limit with no maxLength', q({ type: 'text' }), 'x'.repeat(FORM_LIMITS.textAnswerChars + 1), 'too_long'],
  ['text: a number', q({ type: 'text' }), 42, 'wrong_type'],
  ['number: in range', q({ type: 'number', min: 0, max: 10 }), 10, null],
  ['number: below min', q({ type: 'number', min: 0, max: 10 }), -1, 'out_of_range'],
  ['number: above max', q({ type: 'number', max: 10 }), 10.5, 'out_of_range'],
  ['number: a numeric string', q({ type: 'number' }), '5', 'wrong_type'],
  ['number: NaN', q({ type: 'number' }), Number.NaN, 'wrong_type'],
  ['number: Infinity', q({ type: 'number' }), Number.POSITIVE_INFINITY, 'wrong_type'],
  ['number: whole number required', q({ type: 'number', integer: true }), 2.5, 'not_integer'],
  ['number: on a decimal step from min', q({ type: 'number', min: 1, step: 0.1 }), 1.3, null],
  ['number: off the step', q({ type: 'number', min: 1, step: 0.5 }), 1.25, 'off_step'],
  ['number: step counts from 0 with no min', q({ type: 'number', step: 5 }), -15, null],
  ['date: a calendar day', q({ type: 'date' }), '2024-02-29', null],
  ['date: not a calendar day', q({ type: 'date' }), '2023-02-29', 'invalid_date'],
  ['date: a timestamp', q({ type: 'date' }), '2024-01-01T00:00:00Z', 'invalid_date'],
  ['time: HH:MM', q({ type: 'time' }), '07:30', null],
  ['time: HH:MM:SS', q({ type: 'time' }), '07:30:15', null],
  ['time: 24:00', q({ type: 'time' }), '24:00', 'invalid_time'],
  ['datetime: with Z', q({ type: 'datetime' }), '2024-06-01T07:30:00Z', null],
  ['datetime: with an offset', q({ type: 'datetime' }), '2024-06-01T08:30:00+01:00', null],
  ['datetime: without an offset', q({ type: 'datetime' }), '2024-06-01T07:30:00', 'invalid_datetime'],
  ['photo: blob hashes', q({ type: 'photo' }), [sha(1), sha(2)], null],
  ['photo: a bare hash', q({ type: 'photo' }), sha(1), 'wrong_type'],
  ['photo: not a SHA-256', q({ type: 'photo' }), ['photo.jpg'], 'invalid_blob'],
  ['photo: upper-case hex', q({ type: 'photo' }), [sha(1).toUpperCase().replace(/0/g, 'A')], 'invalid_blob'],
  ['photo: the same photo twice', q({ type: 'photo' }), [sha(1), sha(1)], 'duplicate_blob'],
  ['photo: more than maxPhotos', q({ type: 'photo', maxPhotos: 2 }), [sha(1), sha(2), sha(3)], 'too_many_photos'],
  ['signature: a blob hash', q({ type: 'signature' }), sha(9), null],
  ['signature: a list', q({ type: 'signature' }), [sha(9)], 'wrong_type'],
  ['signature: not a SHA-256', q({ type: 'signature' }), 'data:image/png;base64,AAAA', 'invalid_blob'],
];

describe('checkAnswerValue', () => {
  it.each(rows)('%s', (_name, question, value, code) => {
    expect(checkAnswerValue(question, value)?.code ?? null).toBe(code);
  });

  it('every problem comes with a message a person can act on', () => {
    for (const [, question, value, code] of rows) if (code) expect(checkAnswerValue(question, value)!.message.length).toBeGreaterThan(5);
  });
});

describe('isAnswered', () => {
  it.each([
    [undefined, false],
    [null, false],
    ['', false],
    ['   ', false],
    [[], false],
    [false, true],
    [0, true],
    ['x', true],
    [['a'], true],
    [{}, true],
  ])('%j → %s', (value, expected) => expect(isAnswered(value)).toBe(expected));
});

describe('formatAnswer', () => {
  it('reads as a person would say it', () => {
    expect(formatAnswer(q({ type: 'yes_no' }), true)).toBe('Yes');
    expect(formatAnswer(q({ type: 'yes_no' }), false)).toBe('No');
    expect(formatAnswer(q({ type: 'single_choice', options }), 'b')).toBe('Bravo');
    expect(formatAnswer(q({ type: 'multiple_choice', options }), ['c', 'a'])).toBe('Charlie; Alpha');
    expect(formatAnswer(q({ type: 'number', unit: 'miles' }), 12345)).toBe('12345 miles');
    expect(formatAnswer(q({ type: 'photo' }), [sha(1), sha(2)])).toBe('2 photos');
    expect(formatAnswer(q({ type: 'signature' }), sha(1))).toBe('Signed');
    expect(formatAnswer(q({ type: 'date' }), '2024-06-01')).toBe('2024-06-01');
  });
});
