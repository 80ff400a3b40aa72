// The certificates of mutual TLS between the Temporal frontend and its clients (the workers, the APIs, Temporal UI, the
// set-up jobs and an operator's CLI), and between the Temporal server's own services. `npm run cluster` calls
// ensureCertificates at every start; compose runs this file as its one-shot `certs` service before anything else:
//   node dist/scripts/certs.js --dir /certs --ca-dir /certs-ca [--name temporal.example.internal] [--renew]
// A private CA (ECDSA P-256, 10 years) is made once; its key stays in its own folder, which only this job reads. Each
// leaf (1 year) is issued if missing and issued again when it is within 30 days of its end, names fewer hosts than
// wanted, or was not signed by the current CA. A folder with an operator's own ca.pem and no CA key is only checked.
// Rotation, deploy/README.md: leaves by --renew (or on their own within 30 days), the CA by --new-ca then
// --drop-old-ca.
// @peculiar/x509 needs a Reflect metadata polyfill before it loads (its README).
import 'reflect-metadata';
import { X509Certificate, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const subtle = webcrypto.subtle;
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const day = 86_400_000;
const caLifetimeDays = 3650;
const leafLifetimeDays = 365;
/** A leaf this close to its end is issued again at the next start. */
export const renewWithinDays = 30;

/** The names the Temporal frontend answers to: loopback (npm run cluster, the CLI) and compose's service name. */
export const frontendNames = ['localhost', '127.0.0.1', 'temporal'];

interface Leaf {
  /** Its folder under the certificates' folder (cert.pem and key.pem). */
  name: string;
  /** What it is for, in the report and the certificate's subject. */
  role: string;
  server: boolean;
  client: boolean;
  /** Host names and addresses it is valid for (servers). */
  hosts: string[];
}

/**
 * Every certificate of the deployment. The frontend serves clients (gRPC and HTTP); `internode` is the Temporal
 * server's own certificate between its services, also presented by its system worker to the frontend; the others are
 * clients of the frontend.
 */
export function leaves(extraFrontendNames: string[] = []): Leaf[] {
  return [
    {
      name: 'frontend',
      role: 'Temporal frontend',
      server: true,
      client: false,
      hosts: [...new Set([...frontendNames, ...extraFrontendNames])],
    },
    { name: 'internode', role: 'Temporal internode', server: true, client: true, hosts: frontendNames },
    { name: 'worker', role: 'case worker', server: false, client: true, hosts: [] },
    { name: 'api', role: 'API', server: false, client: true, hosts: [] },
    { name: 'ui', role: 'Temporal UI', server: false, client: true, hosts: [] },
    { name: 'admin', role: 'set-up jobs and operators (Temporal CLI)', server: false, client: true, hosts: [] },
  ];
}

export interface CertificateOptions {
  /** Where ca.pem and each leaf's folder go (readable by the processes that use them). */
  dir: string;
  /** Where the CA's key is kept (only this job reads it). Default: `<dir>-ca`. */
  caDir?: string;
  /** More names (DNS or IP) the frontend is reached by. */
  names?: string[];
  /** Issue every leaf again now. */
  renew?: boolean;
  /** Make a new CA, trusted beside the old ones in ca.pem, and issue every leaf with it. */
  newCa?: boolean;
  /** Keep only the current CA in ca.pem (after every process runs with leaves of the new CA). */
  dropOldCa?: boolean;
  /** `uid:gid` to own the files (the compose job runs as root for its volumes; the services run as 1000). */
  owner?: string;
  now?: Date;
}

export interface CertificateReport {
  caFile: string;
  /** Each leaf: kept, issued or renewed (and why), and its end. */
  leaves: Array<{ name: string; action: 'kept' | 'issued' | 'renewed'; why?: string; notAfter: Date }>;
  /** Said once, e.g. that the CA nears its end. */
  warnings: string[];
}

export class CertificateError extends Error {
  override name = 'CertificateError';
}

const pemOf = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

const derOf = (pem: string) =>
  Buffer.from(pem.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, ''), 'base64');

/** The certificates of a PEM bundle, in order. */
export function pemCertificates(text: string): X509Certificate[] {
  return (text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map(
    (pem) => new X509Certificate(pem),
  );
}

/** A positive serial number of 16 random bytes. */
const serialNumber = () => {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
};

function makeWriter(owner: string | undefined) {
  const [uid, gid] = owner ? owner.split(':').map(Number) : [];
  const own = (p: string) => {
    if (uid !== undefined && gid !== undefined && Number.isInteger(uid) && Number.isInteger(gid))
      chownSync(p, uid, gid);
  };
  return {
    dir(p: string, mode: number) {
      mkdirSync(p, { recursive: true, mode });
      chmodSync(p, mode);
      own(p);
    },
    /** Written whole and renamed into place: the server, which reads its files again every minute, never sees half. */
    file(p: string, content: string, mode: number) {
      const tmp = `${p}.${process.pid}.tmp`;
      writeFileSync(tmp, content, { mode });
      chmodSync(tmp, mode);
      own(tmp);
      renameSync(tmp, p);
    },
  };
}

/** Why a leaf must be issued again, or undefined to keep it. */
function staleness(
  certPem: string,
  keyPem: string,
  leaf: Leaf,
  trusted: X509Certificate[],
  now: Date,
): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    const key = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
    if (!cert.publicKey.export({ type: 'spki', format: 'der' }).equals(key)) return 'its key does not match it';
  } catch (err) {
    return `it cannot be read (${(err as Error).message})`;
  }
  if (!trusted.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))) return 'it is not signed by the CA';
  const end = new Date(cert.validTo);
  if (end.getTime() - now.getTime() < renewWithinDays * day) return `it ends ${end.toISOString().slice(0, 10)}`;
  const missing = leaf.hosts.filter((h) => (/^[\d.]+$|:/.test(h) ? !cert.checkIP(h) : !cert.checkHost(h)));
  if (missing.length > 0) return `it does not name ${missing.join(', ')}`;
  return undefined;
}

async function issueLeaf(leaf: Leaf, ca: x509.X509Certificate, caKey: CryptoKey, now: Date) {
  const keys = await subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const usages = [
    ...(leaf.server ? [x509.ExtendedKeyUsage.serverAuth] : []),
    ...(leaf.client ? [x509.ExtendedKeyUsage.clientAuth] : []),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${leaf.name}, OU=${leaf.role}, O=supervision-patrol`,
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + leafLifetimeDays * day),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(usages, false),
      ...(leaf.hosts.length > 0
        ? [
            new x509.SubjectAlternativeNameExtension(
              leaf.hosts.map((h) => ({ type: /^[\d.]+$|:/.test(h) ? ('ip' as const) : ('dns' as const), value: h })),
            ),
          ]
        : []),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert: cert.toString('pem') + '\n',
    key: pemOf('PRIVATE KEY', await subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

async function issueCa(now: Date) {
  const keys = await subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=supervision-patrol Temporal CA ${now.toISOString().slice(0, 10)}, O=supervision-patrol`,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + caLifetimeDays * day),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert: cert.toString('pem') + '\n',
    key: pemOf('PRIVATE KEY', await subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

/**
 * Make what is missing, renew what is stale, keep the rest (idempotent: run it at every start).
 *
 * @example
 * const report = await ensureCertificates({ dir: '.data/cluster/certs' });
 * // TEMPORAL_TLS_CLIENT_CERT_PATH=.data/cluster/certs/worker/cert.pem, …_KEY_PATH=…/worker/key.pem,
 * // TEMPORAL_TLS_SERVER_CA_CERT_PATH=.data/cluster/certs/ca.pem
 */
export async function ensureCertificates(options: CertificateOptions): Promise<CertificateReport> {
  const now = options.now ?? new Date();
  const dir = path.resolve(options.dir);
  const caDir = path.resolve(options.caDir ?? `${dir}-ca`);
  const write = makeWriter(options.owner);
  const caFile = path.join(dir, 'ca.pem');
  const caKeyFile = path.join(caDir, 'ca-key.pem');
  const warnings: string[] = [];
  let ownCa = existsSync(caKeyFile);
  // An operator's folder (their ca.pem, no key of ours) is only read, never changed.
  if (ownCa || !existsSync(caFile)) write.dir(dir, 0o755);
  if (!ownCa && existsSync(caFile) && (options.renew || options.newCa || options.dropOldCa)) {
    throw new CertificateError(
      `${caFile} is your own CA (its key is not in ${caDir}): issue and renew its certificates with it`,
    );
  }
  if (ownCa && !existsSync(caFile)) {
    throw new CertificateError(`${caKeyFile} is there but ${caFile} is not: put the CA's certificate back`);
  }
  let bundle = existsSync(caFile) ? readFileSync(caFile, 'utf8') : '';
  let renewAll = options.renew ?? false;
  if (!ownCa && !bundle) {
    write.dir(caDir, 0o700);
    const made = await issueCa(now);
    write.file(caKeyFile, made.key, 0o600);
    write.file(caFile, made.cert, 0o644);
    bundle = made.cert;
    ownCa = true;
  } else if (options.newCa) {
    // The new CA first; the old ones stay trusted until every process has a leaf of the new one (--drop-old-ca).
    const made = await issueCa(now);
    write.file(caKeyFile, made.key, 0o600);
    bundle = made.cert + bundle;
    write.file(caFile, bundle, 0o644);
    renewAll = true;
  }
  const trusted = pemCertificates(bundle);
  if (trusted.length === 0) throw new CertificateError(`${caFile} holds no certificate`);
  if (options.dropOldCa && trusted.length > 1) {
    write.file(caFile, trusted[0]!.toString(), 0o644);
    trusted.splice(1);
  }
  const current = trusted[0]!;
  const caEnd = new Date(current.validTo);
  if (caEnd.getTime() - now.getTime() < 365 * day) {
    warnings.push(`the CA of ${caFile} ends ${caEnd.toISOString().slice(0, 10)}: rotate it (deploy/README.md)`);
  }
  const ca = ownCa ? new x509.X509Certificate(current.raw) : undefined;
  const caKey = ownCa
    ? await subtle.importKey('pkcs8', derOf(readFileSync(caKeyFile, 'utf8')), algorithm, false, ['sign'])
    : undefined;

  const report: CertificateReport = { caFile, leaves: [], warnings };
  for (const leaf of leaves(options.names)) {
    const folder = path.join(dir, leaf.name);
    const certFile = path.join(folder, 'cert.pem');
    const keyFile = path.join(folder, 'key.pem');
    const exists = existsSync(certFile) && existsSync(keyFile);
    // Ours must be signed by the current CA; an operator's by any CA in their bundle.
    const why = exists
      ? renewAll
        ? 'asked to'
        : staleness(
            readFileSync(certFile, 'utf8'),
            readFileSync(keyFile, 'utf8'),
            leaf,
            ownCa ? [current] : trusted,
            now,
          )
      : undefined;
    if (exists && !why) {
      report.leaves.push({
        name: leaf.name,
        action: 'kept',
        notAfter: new Date(new X509Certificate(readFileSync(certFile)).validTo),
      });
      continue;
    }
    if (!ca || !caKey) {
      throw new CertificateError(
        `${exists ? `${certFile}: ${why}` : `${certFile} or ${keyFile} is missing`}; the CA of ${caFile} is your own ` +
          `(no key in ${caDir}): issue the ${leaf.role}'s certificate with it`,
      );
    }
    const issued = await issueLeaf(leaf, ca, caKey, now);
    write.dir(folder, 0o755);
    write.file(keyFile, issued.key, 0o600);
    write.file(certFile, issued.cert, 0o644);
    report.leaves.push({
      name: leaf.name,
      action: exists ? 'renewed' : 'issued',
      ...(why ? { why } : {}),
      notAfter: new Date(new X509Certificate(issued.cert).validTo),
    });
  }
  return report;
}

/** The settings of a Temporal client (SDK, envconfig, Temporal CLI) that presents `name`'s certificate. */
export function clientTlsEnv(dir: string, name: string): Record<string, string> {
  return {
    TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, name, 'cert.pem'),
    TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(dir, name, 'key.pem'),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'ca.pem'),
  };
}

function parseArgs(argv: string[]): CertificateOptions {
  const options: CertificateOptions = { dir: '', names: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (!v) throw new CertificateError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--dir') options.dir = value();
    else if (arg === '--ca-dir') options.caDir = value();
    else if (arg === '--name') options.names!.push(value());
    else if (arg === '--owner') options.owner = value();
    else if (arg === '--renew') options.renew = true;
    else if (arg === '--new-ca') options.newCa = true;
    else if (arg === '--drop-old-ca') options.dropOldCa = true;
    else throw new CertificateError(`unknown argument ${arg}`);
  }
  // More frontend names from the environment too (compose: TEMPORAL_TLS_NAMES=temporal.example.internal,10.0.0.7).
  options.names!.push(
    ...(process.env.TEMPORAL_TLS_NAMES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if (!options.dir) throw new CertificateError('usage: certs.js --dir DIR [--ca-dir DIR] [--name HOST]… [--renew]');
  return options;
}

if (require.main === module) {
  Promise.resolve()
    .then(() => ensureCertificates(parseArgs(process.argv.slice(2))))
    .then((report) => {
      for (const l of report.leaves) {
        process.stdout.write(
          `${l.name}: ${l.action}${l.why ? ` (${l.why})` : ''}, valid until ${l.notAfter.toISOString().slice(0, 10)}\n`,
        );
      }
      for (const w of report.warnings) process.stdout.write(`warning: ${w}\n`);
      process.stdout.write(`certificates ready in ${path.dirname(report.caFile)}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
