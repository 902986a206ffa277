import { humanize } from '../../domain/forms/humanize.ts';
import type { StaffLanguage } from './staff-words.ts';

/** What the staff pages name by id in storage, in the reader's words: states, roles, documents, recipients, delivery. */
export interface CaseWords {
  state(state: string): string;
  role(role: string): string;
  documentType(documentType: string): string;
  /** `client`, `case-manager`, `provider-<id>` …: by role, and a provider by its name. */
  recipient(recipient: string): string;
  deliveryStatus(status: string): string;
  /** Why a delivery was held or withheld; a mail server's own reason is shown as it came. */
  deliveryReason(reason: string): string;
}

export interface ProviderNames {
  readonly providers?: ReadonlyArray<{ readonly id: string; readonly name: string }>;
}

export function caseWords(language: StaffLanguage, agency: ProviderNames | undefined): CaseWords {
  const words = language.words('staff');
  return {
    state: (state) => words.maybe(`state.${state}`) ?? humanize(state),
    role: (role) => words.maybe(`role.${role}`) ?? humanize(role),
    documentType: (documentType) => words.maybe(`document.${documentType}`) ?? humanize(documentType),
    recipient: (recipient) => {
      const provider = recipient.startsWith('provider-') ? agency?.providers?.find((candidate) => `provider-${candidate.id}` === recipient) : undefined;
      if (provider) return words.t('recipient.provider', { name: provider.name });
      return words.maybe(`recipient.${recipient}`) ?? humanize(recipient);
    },
    deliveryStatus: (status) => words.maybe(`delivery.${status}`) ?? status,
    deliveryReason: (reason) => words.maybe(`reason.${reason}`) ?? reason,
  };
}
