/** An agency's configuration, as validated against form-schemas/agency.schema.json. */
export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly contact: { readonly phone: string; readonly email: string; readonly address: string };
  readonly timeZone: string;
  readonly intakeInbox: string;
  readonly sender: { readonly name: string; readonly email: string };
  readonly minimumTerminationNoticeDays: number;
}
