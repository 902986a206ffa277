/**
 * SES errors that no retry can fix: the message or an address was refused, or the sender is not verified. Anything
 * else (throttling, a 5xx, a dropped connection) is retried with backoff and ends in the dead-letter queue if it
 * never succeeds.
 */
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'NotFoundException', 'AccountSuspendedException']);

export function isPermanentSendError(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return PERMANENT.has((cause as Error)?.name);
}

/** The error's name, never its message: SES messages can quote addresses. */
export function sendErrorReason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return (cause as Error)?.name ?? 'Error';
}
