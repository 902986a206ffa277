import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message SES accepted, as the SDK sent it: the raw MIME, the tags, and the MessageId SES answered with. */
export interface RecordedMessage {
  readonly id: string;
  readonly raw: Buffer;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SesRecorder {
  readonly endpoint: string;
  /** Every accepted message so far, oldest first. */
  messages(): readonly RecordedMessage[];
  /** Puts back the messages of an earlier run (local/state-restore.ts), before any new one is sent. */
  restore(messages: readonly RecordedMessage[]): void;
  stop(): Promise<void>;
}

const SEND_EMAIL = /^\/v2\/email\/outbound-emails\/?$/;

interface SendEmailBody {
  readonly Content?: { readonly Raw?: { readonly Data?: string } };
  readonly EmailTags?: ReadonlyArray<{ readonly Name: string; readonly Value: string }>;
}

const readAll = async (stream: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Stands between the SDK and the SES emulator and keeps a copy of each SendEmail that the emulator accepted. The
 * local mailbox and the simulated SES events read this copy: the emulator's own store (moto's /moto-api/data.json)
 * serializes every emulated object on each read, which slows the whole emulator as data grows.
 */
export async function startSesRecorder(target: string, onAccepted: () => void = () => undefined): Promise<SesRecorder> {
  const targetUrl = new URL(target);
  const recorded: RecordedMessage[] = [];
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await readAll(incoming);
      const upstream = forward({ host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
        void readAll(response).then((answer) => {
          if (incoming.method === 'POST' && SEND_EMAIL.test(incoming.url ?? '') && response.statusCode === 200) {
            const sent = JSON.parse(body.toString('utf8')) as SendEmailBody;
            const { MessageId } = JSON.parse(answer.toString('utf8')) as { MessageId?: string };
            if (MessageId && sent.Content?.Raw?.Data) {
              recorded.push({
                id: MessageId,
                raw: Buffer.from(sent.Content.Raw.Data, 'base64'),
                tags: Object.fromEntries((sent.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
              });
              onAccepted();
            }
          }
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          outgoing.end(answer);
        }, () => outgoing.destroy());
      });
      upstream.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end();
      });
      upstream.end(body);
    })().catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages: () => recorded,
    restore: (messages) => { recorded.unshift(...messages); },
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
