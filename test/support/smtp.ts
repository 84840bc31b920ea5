// A real SMTP server inside the test process (smtp-server), receiving what the app sends and parsing it (mailparser),
// with a switch to refuse messages temporarily (4xx) or for good (5xx).
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface TestSmtpServer {
  url: string;
  received: ParsedMail[];
  /** The reply code to refuse the next messages with (e.g. 451 or 550); null accepts them. */
  refuseWith: number | null;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = { url: "", received: [], refuseWith: null, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (state.refuseWith !== null) {
          const error = Object.assign(new Error(state.refuseWith >= 500 ? "mailbox unavailable" : "try again later"), { responseCode: state.refuseWith });
          return callback(error);
        }
        state.received.push(await simpleParser(Buffer.concat(chunks)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
