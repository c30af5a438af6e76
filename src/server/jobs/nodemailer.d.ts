// nodemailer 10 ships no type definitions (and @types/nodemailer is not installed): the part used here.
declare module 'nodemailer' {
  export interface Transporter {
    sendMail(message: { from: string; to: string; subject: string; text: string; headers?: Record<string, string> }): Promise<{ messageId: string }>;
    close(): void;
  }
  export function createTransport(url: string): Transporter;
  const nodemailer: { createTransport: typeof createTransport };
  export default nodemailer;
}
