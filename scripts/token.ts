// `npm run token -- --role committee [--name 王丽] [--unit taiyuan] [--group g-2026-01] [--sub id] [--expires 8h]`
// Prints an HS256 bearer token for the embedded default (the secret of .data/jwt-secret or AUTH_JWT_SECRET), with
// `iat` and `exp`. It refuses what the API would refuse: a unit not in the registry (UNITS_FILE, default
// data/units.json), a discipline unit that is not a discipline body, a malformed group, or an --expires longer
// than AUTH_MAX_TOKEN_LIFETIME (default 12h).
import { parseArgs } from 'node:util';
import { localJwtSecret } from '../lib/local-secret';
import { defaultMaxTokenLifetime, signToken, tokenRequest } from '../lib/tokens';
import { loadUnitRegistry } from '../lib/units';

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

let request: ReturnType<typeof tokenRequest>;
try {
  request = tokenRequest(values, loadUnitRegistry(), process.env.AUTH_MAX_TOKEN_LIFETIME || defaultMaxTokenLifetime);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

process.stdout.write(signToken(localJwtSecret(), request.claims, request.expiresIn) + '\n');
