import { temporalSettings, wantsEmbeddedTemporal } from '../../lib/infra/temporal-config';

describe('Where Temporal is: @temporalio/envconfig conventions', () => {
  test('with nothing set, npm start runs its own dev server and connects to localhost:7233/default', () => {
    expect(wantsEmbeddedTemporal({})).toBe(true);
    const s = temporalSettings({ TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' });
    expect(s.connection.address).toBe('localhost:7233');
    expect(s.namespace).toBe('default');
    expect(s.taskQueue).toBe('supervision-patrol');
  });

  test('TEMPORAL_ADDRESS, a profile or a config file point at an existing cluster: no embedded server', () => {
    expect(wantsEmbeddedTemporal({ TEMPORAL_ADDRESS: 'temporal.prod:7233' })).toBe(false);
    expect(wantsEmbeddedTemporal({ TEMPORAL_PROFILE: 'prod' })).toBe(false);
    expect(wantsEmbeddedTemporal({ TEMPORAL_CONFIG_FILE: '/etc/temporal.toml' })).toBe(false);
    expect(wantsEmbeddedTemporal({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_EMBEDDED: true })).toBe(true);
    expect(wantsEmbeddedTemporal({ TEMPORAL_EMBEDDED: false })).toBe(false);
  });

  test('address, namespace, API key and TLS come from the standard variables', () => {
    const s = temporalSettings({
      TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
      TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'my-ns.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
      TEMPORAL_TASK_QUEUE: 'shanxi-cases',
    });
    expect(s.connection.address).toBe('my-ns.a1b2c.tmprl.cloud:7233');
    expect(s.connection.apiKey).toBe('secret-key');
    expect(s.connection.tls).toBeTruthy();
    expect(s.namespace).toBe('my-ns.a1b2c');
    expect(s.taskQueue).toBe('shanxi-cases');
  });
});
