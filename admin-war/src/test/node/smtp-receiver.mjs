// A real SMTP server for the alert e-mail tests (nodemailer's smtp-server, which nobody here wrote): listens on
// 127.0.0.1:$PORT (0: any free port), takes every message, and prints one JSON line per message on stdout:
// {"from":…,"to":[…],"raw":"<base64 of the message as received>"}. The first line says {"listening":PORT}.
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      process.stdout.write(JSON.stringify({
        from: session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('base64'),
      }) + '\n');
      callback();
    });
  },
});
server.on('error', (e) => process.stderr.write(`smtp-server: ${e.message}\n`));
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ listening: server.server.address().port }) + '\n');
});
