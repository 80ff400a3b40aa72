// `npm run token -- --role committee [--name 王丽] [--unit taiyuan] [--group g-2026-01] [--sub id] [--expires 8h]`
// Prints an HS256 bearer token for the embedded default (the secret of .data/jwt-secret or AUTH_JWT_SECRET).
import { parseArgs } from 'node:util';
import { localJwtSecret } from '../lib/local-secret';
import { signToken } from '../lib/tokens';
import type { Role } from '../workflows/domain';
import { roles } from '../workflows/domain';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    group: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '8h' },
  },
});

const role = values.role as Role | undefined;
if (!role || !roles.includes(role)) {
  console.error(`--role is required, one of: ${roles.join(', ')}`);
  process.exit(2);
}
if ((role === 'unit' || role === 'discipline') && !values.unit) {
  console.error(`--unit is required for role ${role} (a unit code from data/units.json)`);
  process.exit(2);
}
if (role === 'group-leader' && !values.group) {
  console.error('--group is required for role group-leader');
  process.exit(2);
}

const token = signToken(
  localJwtSecret(),
  {
    sub: values.sub ?? `${role}-${values.unit ?? values.group ?? 'local'}`,
    role,
    ...(values.name ? { name: values.name } : {}),
    ...(values.unit ? { unit: values.unit } : {}),
    ...(values.group ? { group: values.group } : {}),
  },
  values.expires,
);
process.stdout.write(token + '\n');
