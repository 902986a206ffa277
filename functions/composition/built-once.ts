/**
 * What a function works with, built by its composition root on first use and kept for the life of the built
 * handler: not at import, so the settings are read when the function runs (tests and the local stack set them
 * first), and a failure to build (a missing setting) happens inside the request, where it gets a problem answer.
 */
export function builtOnce<T>(build: () => T): () => T {
  let built: { readonly value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
