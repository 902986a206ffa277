/** One locale file of an agency pack: `form-schemas/<agency>/locales/<locale>.json`. */
export interface Translations {
  readonly forms?: Readonly<Record<string, { readonly title?: string; readonly description?: string; readonly fields?: Readonly<Record<string, string>> }>>;
}
