import type { DeliveryRef } from './deliver.ts';
import { signedDocumentOf } from './signature-request.ts';

/** The parts of an SES event (configuration-set event publishing, via SNS) that delivery evidence needs. */
export interface SesEvent {
  readonly eventType?: string;
  /** Identity notifications spell it this way. */
  readonly notificationType?: string;
  readonly mail: {
    readonly messageId: string;
    readonly timestamp?: string;
    readonly tags?: Readonly<Record<string, readonly string[]>>;
  };
  readonly bounce?: { readonly bounceType: string; readonly bouncedRecipients: ReadonlyArray<{ readonly emailAddress: string }>; readonly timestamp?: string };
  readonly complaint?: { readonly complainedRecipients: ReadonlyArray<{ readonly emailAddress: string }>; readonly timestamp?: string };
  readonly delivery?: { readonly timestamp?: string };
  readonly reject?: { readonly reason?: string };
}

export type EvidenceStatus = 'delivered' | 'bounced' | 'soft-bounced' | 'complained' | 'rejected';

export interface DeliveryEvidence {
  readonly delivery: DeliveryRef;
  readonly messageId: string;
  readonly status: EvidenceStatus;
  readonly at: string;
  /** Addresses the agency must not send to again (permanent bounces, complaints). */
  readonly suppress: readonly string[];
}

export interface DeliveryEvidencePorts {
  /** Records the event on its delivery; false when no delivery sent as that message exists. */
  recordEvidence(evidence: DeliveryEvidence): Promise<boolean>;
  suppress(agencyId: string, address: string, reason: EvidenceStatus, at: string): Promise<void>;
  /** A letter to the client did not arrive: the case shows it until staff record another channel. */
  flagUndelivered(agencyId: string, caseId: string, documentId: string, at: string): Promise<void>;
}

/** The event's delivery, from the tags every message is sent with (see deliveryTags). */
function deliveryOf(event: SesEvent): DeliveryRef | undefined {
  const tag = (name: string) => event.mail.tags?.[name]?.[0];
  const [agencyId, caseId, documentId, recipient] = ['caseforms-agency', 'caseforms-case', 'caseforms-document', 'caseforms-recipient'].map(tag);
  return agencyId && caseId && documentId && recipient ? { agencyId, caseId, documentId, recipient } : undefined;
}

/** What an SES event proves; undefined for events that prove nothing about arrival (Send, Open, Click) or are not ours. */
export function evidenceOf(event: SesEvent): DeliveryEvidence | undefined {
  const delivery = deliveryOf(event);
  if (!delivery) return undefined;
  const base = { delivery, messageId: event.mail.messageId };
  switch (event.eventType ?? event.notificationType) {
    case 'Delivery':
      return { ...base, status: 'delivered', at: event.delivery?.timestamp ?? event.mail.timestamp ?? '', suppress: [] };
    case 'Bounce': {
      const permanent = event.bounce?.bounceType === 'Permanent';
      return {
        ...base, status: permanent ? 'bounced' : 'soft-bounced', at: event.bounce?.timestamp ?? '',
        suppress: permanent ? (event.bounce?.bouncedRecipients ?? []).map((r) => r.emailAddress) : [],
      };
    }
    case 'Complaint':
      return { ...base, status: 'complained', at: event.complaint?.timestamp ?? '', suppress: (event.complaint?.complainedRecipients ?? []).map((r) => r.emailAddress) };
    case 'Reject':
      return { ...base, status: 'rejected', at: event.mail.timestamp ?? '', suppress: [] };
    default:
      return undefined;
  }
}

/**
 * Applies an SES event: the delivery's status, the agency's suppression list, and a flag on the case when a letter
 * to the client did not arrive (not a request to sign). Events for unknown deliveries are ignored (returned false) rather than retried.
 */
export async function applySesEvent(ports: DeliveryEvidencePorts, event: SesEvent): Promise<DeliveryEvidence | undefined> {
  const evidence = evidenceOf(event);
  if (!evidence) return undefined;
  if (!(await ports.recordEvidence(evidence))) return undefined;
  const { agencyId, caseId, documentId, recipient } = evidence.delivery;
  for (const address of evidence.suppress) await ports.suppress(agencyId, address, evidence.status, evidence.at);
  // A letter that did not arrive; a request to sign is no letter (the signing record shows it unsigned): it flags nothing.
  const letter = signedDocumentOf(documentId) === undefined;
  if (recipient === 'client' && letter && ['bounced', 'complained', 'rejected'].includes(evidence.status)) {
    await ports.flagUndelivered(agencyId, caseId, documentId, evidence.at);
  }
  return evidence;
}
