import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { temporalSettings } from '../../lib/infra/temporal-config';
import {
  CertificateError,
  clientTlsEnv,
  ensureCertificates,
  frontendNames,
  pemCertificates,
  renewWithinDays,
} from '../../scripts/certs';

/**
 * Issue 30 item 7 (the engine locked): the certificates of mutual TLS between the Temporal frontend and its clients,
 * made by the project's own script (scripts/certs.ts) for compose's `certs` job and `npm run cluster`. The cluster
 * suite proves that the Temporal frontend refuses a client without one; here, the script's promises: what it makes,
 * that it keeps and renews them as it says, the operator's own CA, and a real TLS handshake with what it made.
 */
const day = 86_400_000;
let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'certs-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cert = (dir: string, name: string) => new X509Certificate(readFileSync(path.join(dir, name, 'cert.pem')));
const mode = (file: string) => statSync(file).mode & 0o777;
const parties = ['frontend', 'internode', 'worker', 'api', 'ui', 'admin'];

describe('scripts/certs.ts: a private CA and a certificate for each party', () => {
  test('item 7: the first start makes the CA (its key in its own folder, 0700/0600) and a leaf per party, each signed by it, keys 0600', async () => {
    const dir = path.join(root, 'certs');
    const report = await ensureCertificates({ dir, caDir: path.join(root, 'ca') });
    expect(report.leaves.map((l) => [l.name, l.action])).toEqual(parties.map((p) => [p, 'issued']));
    const [ca] = pemCertificates(readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
    expect(ca!.ca).toBe(true);
    expect(mode(path.join(root, 'ca'))).toBe(0o700);
    expect(mode(path.join(root, 'ca', 'ca-key.pem'))).toBe(0o600);
    // The CA's key is not beside the certificates the services read.
    expect(readFileSync(path.join(dir, 'ca.pem'), 'utf8')).not.toMatch(/PRIVATE KEY/);
    for (const name of parties) {
      const leaf = cert(dir, name);
      expect([name, leaf.ca, leaf.checkIssued(ca!), leaf.verify(ca!.publicKey)]).toEqual([name, false, true, true]);
      expect([name, mode(path.join(dir, name, 'key.pem'))]).toEqual([name, 0o600]);
      // A year, renewed within 30 days of its end.
      const days = (new Date(leaf.validTo).getTime() - Date.now()) / day;
      expect(days).toBeGreaterThan(360);
      expect(days).toBeLessThan(367);
    }
    // The frontend answers to loopback and to compose's service name; the clients are clients only.
    for (const host of ['localhost', 'temporal']) expect(cert(dir, 'frontend').checkHost(host)).toBe(host);
    expect(cert(dir, 'frontend').checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert(dir, 'frontend').keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(cert(dir, 'internode').keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    for (const name of ['worker', 'api', 'ui', 'admin']) {
      expect([name, cert(dir, name).keyUsage, cert(dir, name).subjectAltName]).toEqual([
        name,
        ['1.3.6.1.5.5.7.3.2'], // clientAuth
        undefined,
      ]);
    }
    expect(frontendNames).toEqual(['localhost', '127.0.0.1', 'temporal']);
  });

  test('item 7: every start keeps what is good, and issues again a leaf near its end, one that lacks a name, or one asked for', async () => {
    const dir = path.join(root, 'certs');
    await ensureCertificates({ dir });
    const before = Object.fromEntries(parties.map((p) => [p, cert(dir, p).serialNumber]));
    const caBefore = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    const again = await ensureCertificates({ dir });
    expect(again.leaves.map((l) => l.action)).toEqual(parties.map(() => 'kept'));
    expect(Object.fromEntries(parties.map((p) => [p, cert(dir, p).serialNumber]))).toEqual(before);

    // One more name for the frontend (TEMPORAL_TLS_NAMES, --name): only the frontend is issued again.
    const named = await ensureCertificates({ dir, names: ['temporal.example.internal', '10.0.0.7'] });
    expect(named.leaves.filter((l) => l.action !== 'kept')).toEqual([
      expect.objectContaining({
        name: 'frontend',
        action: 'renewed',
        why: expect.stringContaining('10.0.0.7') as string,
      }),
    ]);
    expect(cert(dir, 'frontend').checkHost('temporal.example.internal')).toBe('temporal.example.internal');
    expect(cert(dir, 'frontend').checkIP('10.0.0.7')).toBe('10.0.0.7');

    // Within 30 days of their end, at the next start: every leaf, with the same CA.
    const later = new Date(Date.now() + (366 - renewWithinDays + 2) * day);
    const renewed = await ensureCertificates({ dir, now: later, names: ['temporal.example.internal', '10.0.0.7'] });
    expect(renewed.leaves.map((l) => [l.action, l.why?.startsWith('it ends')])).toEqual(
      parties.map(() => ['renewed', true]),
    );
    expect(readFileSync(path.join(dir, 'ca.pem'), 'utf8')).toBe(caBefore);
    // --renew: all of them now.
    const asked = await ensureCertificates({ dir, renew: true });
    expect(asked.leaves.map((l) => l.action)).toEqual(parties.map(() => 'renewed'));
    for (const p of parties) expect([p, cert(dir, p).serialNumber]).not.toEqual([p, before[p]]);
  });

  test('item 7: CA rotation: --new-ca trusts the new CA beside the old one and issues every leaf with it; --drop-old-ca keeps the new one only', async () => {
    const dir = path.join(root, 'certs');
    await ensureCertificates({ dir });
    const [oldCa] = pemCertificates(readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
    const oldWorker = cert(dir, 'worker');
    await ensureCertificates({ dir, newCa: true });
    const bundle = pemCertificates(readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
    expect(bundle.map((c) => c.fingerprint256)).toEqual([expect.any(String), oldCa!.fingerprint256]);
    expect(bundle[0]!.fingerprint256).not.toBe(oldCa!.fingerprint256);
    for (const p of parties) expect([p, cert(dir, p).verify(bundle[0]!.publicKey)]).toEqual([p, true]);
    // A process not yet restarted still presents a leaf of the old CA, which the bundle still trusts.
    expect(oldWorker.verify(bundle[1]!.publicKey)).toBe(true);
    // Kept as they are at the next start (signed by the current CA).
    expect((await ensureCertificates({ dir })).leaves.map((l) => l.action)).toEqual(parties.map(() => 'kept'));
    await ensureCertificates({ dir, dropOldCa: true });
    expect(pemCertificates(readFileSync(path.join(dir, 'ca.pem'), 'utf8')).map((c) => c.fingerprint256)).toEqual([
      bundle[0]!.fingerprint256,
    ]);
  });

  test("item 7: the operator's own CA (a ca.pem without our key) is only checked: a missing or foreign leaf stops the start naming the file, and nothing is written", async () => {
    // Certificates from "their" CA: made here, then the CA's key taken away.
    const theirs = path.join(root, 'theirs');
    await ensureCertificates({ dir: theirs, caDir: path.join(root, 'their-ca') });
    const dir = path.join(root, 'mounted');
    cpSync(theirs, dir, { recursive: true });
    const report = await ensureCertificates({ dir, caDir: path.join(root, 'empty') });
    expect(report.leaves.map((l) => l.action)).toEqual(parties.map(() => 'kept'));
    await expect(ensureCertificates({ dir, caDir: path.join(root, 'empty'), renew: true })).rejects.toThrow(
      /is your own CA/,
    );

    rmSync(path.join(dir, 'ui'), { recursive: true });
    const missing = ensureCertificates({ dir, caDir: path.join(root, 'empty') });
    await expect(missing).rejects.toThrow(CertificateError);
    await expect(ensureCertificates({ dir, caDir: path.join(root, 'empty') })).rejects.toThrow(
      /ui\/cert\.pem or .*ui\/key\.pem is missing; .*issue the Temporal UI's certificate with it/,
    );
    // A leaf of another CA in its place.
    const other = path.join(root, 'other');
    await ensureCertificates({ dir: other });
    mkdirSync(path.join(dir, 'ui'));
    for (const f of ['cert.pem', 'key.pem']) cpSync(path.join(other, 'ui', f), path.join(dir, 'ui', f));
    await expect(ensureCertificates({ dir, caDir: path.join(root, 'empty') })).rejects.toThrow(
      /ui\/cert\.pem: it is not signed by the CA/,
    );
    expect(() => statSync(path.join(root, 'empty'))).toThrow(); // no CA made for them
  });

  test("item 7: a server with the frontend's certificate that requires a client certificate takes the worker's and refuses none, another CA's, or a server certificate", async () => {
    const dir = path.join(root, 'certs');
    await ensureCertificates({ dir });
    const other = path.join(root, 'other');
    await ensureCertificates({ dir: other });
    const read = (d: string, name: string, f: string) => readFileSync(path.join(d, name, f));
    const server = tls.createServer(
      {
        cert: read(dir, 'frontend', 'cert.pem'),
        key: read(dir, 'frontend', 'key.pem'),
        ca: readFileSync(path.join(dir, 'ca.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => socket.end('hello'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const attempt = (client?: { d: string; name: string }) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({
          host: '127.0.0.1',
          port,
          servername: 'temporal',
          ca: readFileSync(path.join(dir, 'ca.pem')),
          ...(client
            ? { cert: read(client.d, client.name, 'cert.pem'), key: read(client.d, client.name, 'key.pem') }
            : {}),
        });
        let data = '';
        socket.on('data', (d: Buffer) => (data += d.toString()));
        // TLS 1.3: a refused client may see the handshake end, then an alert (an error) or only the close.
        socket.on('end', () => resolve(data === 'hello' ? 'hello' : 'refused'));
        socket.on('error', () => resolve('refused'));
      });
    try {
      expect(await attempt({ d: dir, name: 'worker' })).toBe('hello');
      expect(await attempt()).toBe('refused');
      expect(await attempt({ d: other, name: 'worker' })).toBe('refused');
      // The frontend's own certificate is for serving only.
      expect(await attempt({ d: dir, name: 'frontend' })).toBe('refused');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('lib/infra/temporal-config.ts: the TLS settings of the SDK clients', () => {
  test('item 7: the three TEMPORAL_TLS_* files give the connection a client certificate and the CA', async () => {
    const dir = path.join(root, 'certs');
    await ensureCertificates({ dir });
    const { connection } = temporalSettings({ TEMPORAL_ADDRESS: 'temporal:7233', ...clientTlsEnv(dir, 'worker') });
    expect(connection.address).toBe('temporal:7233');
    const settings = connection.tls as {
      clientCertPair: { crt: Uint8Array; key: Uint8Array };
      serverRootCACertificate: Uint8Array;
    };
    const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
    expect(text(settings.clientCertPair.crt)).toBe(readFileSync(path.join(dir, 'worker', 'cert.pem'), 'utf8'));
    expect(text(settings.clientCertPair.key)).toBe(readFileSync(path.join(dir, 'worker', 'key.pem'), 'utf8'));
    expect(text(settings.serverRootCACertificate)).toBe(readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
    // Without them (npm start's embedded dev server, loopback): no TLS.
    expect(temporalSettings({}).connection.tls).toBeUndefined();
  });

  test('item 7: a certificate without its key, or a file that cannot be read, stops the start naming the setting', async () => {
    const dir = path.join(root, 'certs');
    await ensureCertificates({ dir });
    const env = clientTlsEnv(dir, 'api');
    expect(() => temporalSettings({ ...env, TEMPORAL_TLS_CLIENT_KEY_PATH: undefined })).toThrow(
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together',
    );
    const gone = path.join(root, 'nothing.pem');
    expect(() => temporalSettings({ ...env, TEMPORAL_TLS_SERVER_CA_CERT_PATH: gone })).toThrow(
      `TEMPORAL_TLS_SERVER_CA_CERT_PATH=${gone} cannot be read (ENOENT)`,
    );
    writeFileSync(gone, 'x');
    expect(() => temporalSettings({ ...env, TEMPORAL_TLS_SERVER_CA_CERT_PATH: gone })).not.toThrow();
  });
});
