import type { StoredApiKey } from '../intake-access/api-keys.ts';
import type { SignaturesDeclaration } from './signatures-declaration.ts';

/** An agency's configuration, as validated against form-schemas/agency.schema.json. */
export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly contact: { readonly phone: string; readonly email: string; readonly address: string };
  readonly timeZone: string;
  readonly defaultLocale: string;
  readonly locales: readonly string[];
  readonly intakeInbox: string;
  readonly supervisorInbox: string;
  readonly sender: { readonly name: string; readonly email: string };
  readonly minimumTerminationNoticeDays: number;
  /** The service completes a pending termination on its earliest day once the notice reached the client. */
  readonly autoCompleteTermination?: boolean;
  readonly crisisResources: ReadonlyArray<{ readonly name: string; readonly contact: string; readonly url?: string; readonly available?: string }>;
  readonly branding?: { readonly primaryColor?: string; readonly paperSize?: 'A4' | 'Letter' };
  /** Providers and referral partners: they receive documents only with the client's consent recorded on the case. */
  readonly providers?: readonly Provider[];
  readonly delivery?: DeliverySettings;
  /** Documents signed before they are final, by whom and in what order (signatures/signature-plan.ts). */
  readonly signatures?: SignaturesDeclaration;
  /** Years a case is kept after it ends; see form-schemas/agency.schema.json. */
  readonly retention?: { readonly recordsYears?: number; readonly auditYears?: number };
  /** Minutes without a request after which a staff session ends (automatic logoff); default 15. */
  readonly sessionIdleMinutes?: number;
  /** Who may use the JSON submit API; see form-schemas/agency.schema.json `intake`. */
  readonly intake?: IntakeSettings;
}

export interface IntakeSettings {
  /** `open` (default): anyone; `token`: only with a page token or one of `apiKeys`. */
  readonly jsonApi?: 'open' | 'token';
  readonly apiKeys?: readonly StoredApiKey[];
}

export interface Provider {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly locale?: string;
}

/** `client`, `case-manager`, `supervisor`, `agency-inbox` or `provider:<id>`. */
export type RecipientSpec = string;

export interface Route {
  readonly to: RecipientSpec;
  readonly method?: 'link' | 'attachment';
}

export interface DeliverySettings {
  readonly linkValidHours?: number;
  /** Who must confirm a one-time code mailed to them before a secure link opens (delivery/link-code.ts); default `external`. */
  readonly linkCode?: 'external' | 'everyone' | 'off';
  /** Per document type, or `risk-alert`. */
  readonly routes?: Readonly<Record<string, readonly Route[]>>;
}
