import type { CaseState } from './case-states.ts';

/** A form's `x-caseforms` annotation as lint reads it (the vocabulary schema checks its shape first). */
export interface Annotation {
  access?: string;
  roles?: unknown;
  identity?: unknown;
  transitions?: Array<{ from: CaseState[]; to: CaseState }>;
  documents?: string[];
  order?: string[];
  releaseOfInformation?: string;
  noticePeriod?: { effectiveDate: string };
  completesNotice?: { otherChannel: string; completedOn: string; servedOn: string };
  noticeServed?: { servedOn: string; channel: string };
  scoring?: {
    scores?: Array<{ id: string; sum: string[]; code?: { system: string; code: string }; bands?: Array<{ min: number; max: number; label: string }> }>;
    flags?: Array<{ id: string; when: object }>;
  };
}

/** Whether clients fill the form in (public or both): its words are read in every locale of the agency. */
export const isPublicForm = (annotation: Annotation): boolean => annotation.access === 'public' || annotation.access === 'both';
