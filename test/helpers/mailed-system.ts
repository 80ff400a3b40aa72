/**
 * A test system whose notices are mailed to a real SMTP server, one mailbox a role (`office@fpb.test` …), with the
 * public address the links in them name: what the text-lint walks read every notice from.
 */
import { roles } from '../../workflows/domain';
import { routesFile, startSmtpServer } from './channels';
import type { TestSystem } from './system';
import { startSystem } from './system';

export interface MailedSystem {
  sys: TestSystem;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  close(): Promise<void>;
}

export async function startMailedSystem(): Promise<MailedSystem> {
  const smtp = await startSmtpServer();
  const routes = routesFile(roles.filter((r) => r !== 'public').map((role) => ({ role, email: [`${role}@fpb.test`] })));
  const sys = await startSystem({
    workerEnv: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      NOTIFICATION_ROUTES_FILE: routes,
      PUBLIC_URL: 'https://dcxc.fpb.test',
    },
  });
  return {
    sys,
    smtp,
    async close() {
      await sys.close();
      await smtp.close();
    },
  };
}
