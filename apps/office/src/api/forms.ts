import type { TFormDefinition, TFormDetail, TFormDraft, TFormRule, TFormRuleCondition, TFormSummary } from '@fieldkeep/domain';
import { query, request, seg } from './http';

export interface TActivityType {
  id: string;
  name: string;
  active: boolean;
}

export const REPORTS = ['start-of-day', 'aborted-visits', 'non-productive-time'] as const;
export type TReportName = (typeof REPORTS)[number];
/** A report as the screen shows it: exactly the columns and rows its CSV holds. */
export interface TReportTable {
  columns: string[];
  rows: string[][];
}

/** The CSV download of a report (a plain link: the session cookie goes with it). */
export const reportCsvUrl = (report: TReportName, from: string, to: string) => `/api/reports/${report}${query({ from, to, format: 'csv' })}`;

/** Configurable forms (versions, which form applies), activity types and reports. */
export const formsApi = {
  listForms: () => request<{ forms: TFormSummary[] }>('GET', '/api/forms'),
  getForm: (formId: string) => request<TFormDetail>('GET', `/api/forms/${seg(formId)}`),
  getFormVersion: (formId: string, version: number) =>
    request<{ definition: TFormDefinition }>('GET', `/api/forms/${seg(formId)}/versions/${version}`),
  createForm: (draft: TFormDraft) => request<TFormDetail>('POST', '/api/forms', { draft }),
  publishFormVersion: (formId: string, draft: TFormDraft) => request<TFormDetail>('POST', `/api/forms/${seg(formId)}/versions`, { draft }),
  setFormActive: (formId: string, active: boolean) => request<unknown>('PATCH', `/api/forms/${seg(formId)}`, { active }),

  listFormRules: () => request<{ rules: TFormRule[] }>('GET', '/api/form-rules'),
  createFormRule: (formId: string, condition: TFormRuleCondition) => request<unknown>('POST', '/api/form-rules', { formId, condition }),
  setFormRuleActive: (ruleId: string, active: boolean) => request<unknown>('PATCH', `/api/form-rules/${seg(ruleId)}`, { active }),

  listActivityTypes: () => request<{ activityTypes: TActivityType[] }>('GET', '/api/activity-types'),
  createActivityType: (name: string) => request<unknown>('POST', '/api/activity-types', { name }),
  updateActivityType: (id: string, patch: { name?: string; active?: boolean }) => request<unknown>('PATCH', `/api/activity-types/${seg(id)}`, patch),

  report: (report: TReportName, from: string, to: string) => request<TReportTable>('GET', `/api/reports/${report}${query({ from, to, format: 'json' })}`),
};
