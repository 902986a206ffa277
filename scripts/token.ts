// `npm run token -- --agency demo --role case-manager --email ana@demo.example [--role supervisor] [--expires-in 8h]`
// prints a staff token from the local dev issuer (the key in .local/, shared with `npm start`).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../functions/contracts/roles.ts';
import { DevIssuer } from '../local/dev-issuer.ts';

const { values } = parseArgs({
  options: {
    agency: { type: 'string' },
    role: { type: 'string', multiple: true },
    email: { type: 'string' },
    'expires-in': { type: 'string', default: '8h' },
  },
});
const roles = (values.role ?? []).flatMap((role) => role.split(','));
if (!values.agency || !values.email || roles.length === 0 || !roles.every(isRole)) {
  console.error(`usage: npm run token -- --agency <agencyId> --role <${ROLES.join('|')}> [--role …] --email <address> [--expires-in 8h]`);
  process.exit(2);
}
const issuer = await DevIssuer.open(join(resolve(import.meta.dirname, '..'), '.local', 'dev-issuer-key.json'));
console.log(await issuer.sign({ agencyId: values.agency, roles: roles.filter(isRole), email: values.email, expiresIn: values['expires-in'] }));
