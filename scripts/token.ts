// `npm run -s token -- --role committee [--name 王丽] [--unit taiyuan] [--group g-2026-01] [--sub id] [--expires 8h] [--mfa]`
// Prints an HS256 bearer token for the embedded default (the secret of .data/jwt-secret or AUTH_JWT_SECRET), with
// `iat` and `exp`. It refuses what the API would refuse: a unit not in the registry (UNITS_FILE, default
// data/units.json), a discipline unit that is not a discipline body, a malformed group, or an --expires longer
// than AUTH_MAX_TOKEN_LIFETIME (default 12h), or a role of AUTH_REQUIRE_MFA_ROLES without --mfa. `--help` prints the
// usage with an example per role.
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config';
import { localJwtSecret } from '../lib/infra/local-secret';
import type { TokenRequest } from '../lib/infra/tokens';
import { defaultMaxTokenLifetime, disciplineBodies, signToken, tokenRequest } from '../lib/infra/tokens';
import { secondFactorPolicy } from '../lib/infra/second-factor';
import { loadUnitRegistry } from '../lib/registry/units';
import { roleLabels, roles } from '../workflows/domain';

const usage = () => `Usage: npm run -s token -- --role ROLE [options]

Prints a bearer token for the local API (signed with .data/jwt-secret, or AUTH_JWT_SECRET).
Use it as: curl -H "Authorization: Bearer $TOKEN" http://localhost:3000/…

Options:
  --role ROLE       required: ${roles.join(', ')}
  --unit CODE       required for unit (a code from GET /units, e.g. taiyuan)
                    and for discipline (${disciplineBodies.join(' or ')})
  --group ID        required for group-leader: the group id the office gave the group (e.g. g-2026-01)
  --name NAME       the person's name, shown on the case record (e.g. 王丽)
  --sub ID          the person's id (default: ROLE-UNIT, ROLE-GROUP or ROLE-local)
  --expires TIME    lifetime, e.g. 30m, 8h (default 8h; at most AUTH_MAX_TOKEN_LIFETIME, default ${defaultMaxTokenLifetime})
  --mfa             the token says a second factor was used (amr ["mfa"]): required for the roles of
                    AUTH_REQUIRE_MFA_ROLES. A local token proves nothing of the kind; it is for trying the setting
  --help            this text

Roles, and one example each:
${roles.map((r) => `  ${r.padEnd(14)} ${roleLabels[r]}\n    npm run -s token -- ${example(r)}`).join('\n')}
`;

function example(role: (typeof roles)[number]): string {
  switch (role) {
    case 'unit':
      return '--role unit --unit taiyuan --name 太原市联络员';
    case 'discipline':
      return `--role discipline --unit ${disciplineBodies[0]} --name 纪委联络员`;
    case 'group-leader':
      return '--role group-leader --group g-2026-01 --name 陈刚';
    case 'public':
      return '--role public';
    default:
      return `--role ${role} --name 王丽`;
  }
}

let values: TokenRequest & { help?: boolean };
try {
  values = parseArgs({
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      group: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      mfa: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n\n${usage()}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(usage());
  process.exit(0);
}

// The API's settings (the same as the API checks them): the secret, the registry, the longest lifetime.
const { api } = loadConfig(process.env, ['api']);
let request: ReturnType<typeof tokenRequest>;
try {
  const { roles: secondFactorRoles } = secondFactorPolicy(api);
  request = tokenRequest(values, loadUnitRegistry(api.UNITS_FILE), api.AUTH_MAX_TOKEN_LIFETIME, secondFactorRoles);
} catch (err) {
  console.error(`${(err as Error).message} (npm run -s token -- --help lists the options)`);
  process.exit(2);
}

process.stdout.write(signToken(localJwtSecret(api), request.claims, request.expiresIn) + '\n');
