/**
 * A service's client, made on first use and kept while its endpoint stays the same. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables, so the same code talks to AWS or to the local emulators; in Lambda they never
 * change, and the one client lives as long as the container. A client is for the endpoint it was made for: a local
 * stack started again in the same process points the service at a new emulator proxy, and gets new clients. Each
 * service's client has its own module (dynamo-client.ts, s3-client.ts, …), so a function bundles only the SDK
 * clients it uses.
 */
export function perEndpoint<T>(service: string, create: () => T): () => T {
  const variable = `AWS_ENDPOINT_URL_${service}`;
  let made: { readonly endpoint: string | undefined; readonly client: T } | undefined;
  return () => {
    const endpoint = process.env[variable];
    if (!made || made.endpoint !== endpoint) made = { endpoint, client: create() };
    return made.client;
  };
}
