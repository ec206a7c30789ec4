// A minimal in-process SMTP sink (node:net only) for the tests that need the mails Basalt sends:
// it answers EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP and QUIT (no STARTTLS, no AUTH, so
// Basalt talks plain SMTP to it), keeps every message in memory, decodes the MIME parts
// (multipart, quoted-printable, base64, RFC 2047 subjects) far enough to read links and codes,
// and lets a test wait for the next mail to an address.
import net from 'node:net';

/** Decodes a quoted-printable body (soft line breaks and =XX escapes) as UTF-8. */
export function decodeQuotedPrintable(text) {
  const bytes = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes RFC 2047 encoded words (=?charset?B|Q?...?=) in a header value. */
function decodeHeader(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between adjacent encoded words is not part of the text
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset, enc, data) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/** Splits a MIME entity into lower-cased, unfolded headers and its body. */
function splitEntity(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** The leaf parts of a MIME entity as [{type, content}], bodies decoded. */
function leafParts(raw) {
  const { headers, body } = splitEntity(raw);
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'])?.[1];
    if (!boundary) return [];
    const sections = body.split(`--${boundary}`).slice(1); // before the first delimiter: preamble
    const parts = [];
    for (const section of sections) {
      if (section.startsWith('--')) break; // the closing delimiter
      parts.push(...leafParts(section.replace(/^\r?\n/, '')));
    }
    return parts;
  }
  const encoding = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  let content = body;
  if (encoding === 'quoted-printable') content = decodeQuotedPrintable(body);
  else if (encoding === 'base64') content = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return [{ type: type.split(';')[0].trim(), content }];
}

/** Parses a received message into {from, to, subject, headers, text, html, raw}. */
export function parseMessage(raw, envelope = {}) {
  const { headers } = splitEntity(raw);
  const parts = leafParts(raw);
  return {
    from: envelope.from ?? '',
    to: envelope.to ?? [],
    headerFrom: decodeHeader(headers.from ?? ''),
    subject: decodeHeader(headers.subject ?? ''),
    headers,
    text: parts.find((p) => p.type === 'text/plain')?.content ?? '',
    html: parts.find((p) => p.type === 'text/html')?.content ?? '',
    raw,
  };
}

/**
 * Starts the sink on a free port of 127.0.0.1. Returns {host, port, messages, next, clear, close}:
 * `next(address)` resolves with the oldest mail to `address` no earlier call returned, waiting up
 * to `timeoutMs` for one to arrive.
 */
export async function startSmtpSink() {
  const messages = [];
  const taken = new Set();
  const waiters = new Set();
  const sockets = new Set();

  const deliver = (message) => {
    messages.push(message);
    for (const wake of waiters) wake();
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('latin1'); // bytes in, bytes out: the body is decoded per part later
    const reply = (line) => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let envelope = { from: '', to: [] };
    reply('220 e2e-smtp-sink ESMTP ready');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          const endAtStart = buffer.startsWith('.\r\n') ? 0 : -1;
          if (end < 0 && endAtStart < 0) return;
          const data = endAtStart === 0 ? '' : buffer.slice(0, end);
          buffer = endAtStart === 0 ? buffer.slice(3) : buffer.slice(end + 5);
          inData = false;
          // undo dot-stuffing, then read the bytes as UTF-8
          const raw = Buffer.from(data.replace(/^\.\./gm, '.'), 'latin1').toString('utf8');
          deliver(parseMessage(raw, envelope));
          envelope = { from: '', to: [] };
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          socket.write('250-e2e-smtp-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        } else if (verb === 'HELO') {
          reply('250 e2e-smtp-sink');
        } else if (verb === 'MAIL') {
          envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? '', to: [] };
          reply('250 2.1.0 OK');
        } else if (verb === 'RCPT') {
          envelope.to.push((/<([^>]*)>/.exec(line)?.[1] ?? '').toLowerCase());
          reply('250 2.1.5 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          envelope = { from: '', to: [] };
          reply('250 2.0.0 OK');
        } else if (verb === 'NOOP') {
          reply('250 2.0.0 OK');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
          return;
        } else {
          reply('502 5.5.2 command not implemented');
        }
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  return {
    host: '127.0.0.1',
    port: server.address().port,
    /** Every message received so far, oldest first. */
    messages,
    /** The oldest mail to `address` not returned before; waits up to timeoutMs for it. */
    async next(address, { timeoutMs = 10_000 } = {}) {
      const to = address.toLowerCase();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => !taken.has(m) && m.to.includes(to));
        if (found) {
          taken.add(found);
          return found;
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          const seen = messages.map((m) => `${m.to.join(',')}: ${m.subject}`);
          throw new Error(`no mail to ${address} within ${timeoutMs} ms (received: ${JSON.stringify(seen)})`);
        }
        await new Promise((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    /** Mails to `address` that no next() call returned yet (without taking them). */
    pending(address) {
      const to = address.toLowerCase();
      return messages.filter((m) => !taken.has(m) && m.to.includes(to));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Points a Basalt server at the sink (as superuser `su`, an SDK client) and returns a function
 * that restores the previous smtp settings. The stored SMTP password is never sent, so it stays.
 */
export async function useSmtpSink(su, sink) {
  const { smtp } = await su.settings.getAll();
  await su.settings.update({ smtp: { enabled: true, host: sink.host, port: sink.port, tls: false, username: '' } });
  return async () => {
    const { enabled, host, port, tls, username, authMethod, localName } = smtp;
    await su.settings.update({ smtp: { enabled, host, port, tls, username, authMethod, localName } });
  };
}

/** The token at the end of a Basalt mail link such as {APP_URL}/_/#/auth/confirm-verification/<TOKEN>. */
export function linkToken(mail, action) {
  const re = new RegExp(`/_/#/auth/${action}/([A-Za-z0-9_\\-.]+)`);
  const token = re.exec(mail.html)?.[1] ?? re.exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${action} link in the mail "${mail.subject}":\n${mail.text || mail.html}`);
  return token;
}
